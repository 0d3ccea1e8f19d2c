package org.xrayportal.imaging;

import org.springframework.stereotype.Component;
import org.xrayportal.shared.PatientIdentity;

/**
 * A greyscale frame's modality values for the viewer's full-depth brightness/contrast (docs/decisions/0010): the same
 * ownership checks as {@link PacsGateway#renderFrame} (the instance must belong to the identity, study and series, and
 * the frame must exist; otherwise {@link PacsException.Kind#NOT_FOUND}), the same uncompressed frame retrieve and the
 * same Modality LUT as the portal's own greyscale rendering. Colour images have no VOI to adjust: {@link
 * PacsException.Kind#OBJECT_UNAVAILABLE}.
 */
@Component
public class ModalityFrames {

    private final DicomWebPacsGateway gateway;

    ModalityFrames(DicomWebPacsGateway gateway) {
        this.gateway = gateway;
    }

    /** The frame's modality values, averaged down (never enlarged) to fit into {@code maxSide}×{@code maxSide}. */
    public ModalityFrame read(
            PatientIdentity identity, String studyUid, String seriesUid, String instanceUid, int frame, int maxSide) {
        Instance instance = gateway.confirmInstance(identity, studyUid, seriesUid, instanceUid);
        if (frame < 1 || frame > instance.numberOfFrames()) {
            throw PacsException.notFound("frame " + frame + " of an instance with " + instance.numberOfFrames());
        }
        String path = "studies/" + studyUid + "/series/" + seriesUid + "/instances/" + instanceUid;
        DisplayAttributes a = gateway.displayAttributes(path);
        if (!a.greyscale()) {
            throw new PacsException(PacsException.Kind.OBJECT_UNAVAILABLE, "a colour image has no modality values");
        }
        int bytesPerSample = switch (a.bitsAllocated()) {
            case 8 -> 1;
            case 16 -> 2;
            case 32 -> 4;
            default -> throw PacsException.badResponse("unsupported Bits Allocated " + a.bitsAllocated());
        };
        int pixels = a.rows() * a.columns();
        int[] stored = GreyscaleRenderer.storedValues(a, gateway.frameBytes(path, frame, a), pixels, bytesPerSample);
        return reduce(a, stored, maxSide);
    }

    /** Modality values of every pixel, then box averages over the source pixels each output pixel covers. */
    static ModalityFrame reduce(DisplayAttributes a, int[] stored, int maxSide) {
        int rows = a.rows();
        int columns = a.columns();
        double scale = Math.min(1, Math.min((double) maxSide / columns, (double) maxSide / rows));
        int outColumns = Math.max(1, (int) Math.round(columns * scale));
        int outRows = Math.max(1, (int) Math.round(rows * scale));
        double[] modality = new double[stored.length];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean integral = true;
        for (int i = 0; i < stored.length; i++) {
            double m = GreyscaleRenderer.modality(a, stored[i]);
            modality[i] = m;
            min = Math.min(min, m);
            max = Math.max(max, m);
            integral &= m == Math.rint(m);
        }
        float[] out = new float[outRows * outColumns];
        for (int y = 0; y < outRows; y++) {
            int y0 = (int) ((long) y * rows / outRows);
            int y1 = Math.max(y0 + 1, (int) ((long) (y + 1) * rows / outRows));
            for (int x = 0; x < outColumns; x++) {
                int x0 = (int) ((long) x * columns / outColumns);
                int x1 = Math.max(x0 + 1, (int) ((long) (x + 1) * columns / outColumns));
                double sum = 0;
                for (int sy = y0; sy < y1; sy++) {
                    int row = sy * columns;
                    for (int sx = x0; sx < x1; sx++) {
                        sum += modality[row + sx];
                    }
                }
                double mean = sum / ((y1 - y0) * (x1 - x0));
                out[y * outColumns + x] = (float) (integral ? Math.rint(mean) : mean);
            }
        }
        DisplayAttributes.Lut lut = a.voiLut();
        return new ModalityFrame(
                outRows,
                outColumns,
                rows,
                columns,
                a.monochrome1(),
                out,
                integral,
                stored.length == 0 ? 0 : min,
                stored.length == 0 ? 0 : max,
                a.windowCenter(),
                a.windowWidth(),
                a.voiFunction(),
                lut == null ? null : new ModalityFrame.VoiLut(lut.firstMapped(), lut.bits(), lut.data()));
    }
}
