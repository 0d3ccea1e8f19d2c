package org.xrayportal.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * Uncompressed 8-bit RGB and YBR_FULL frames to RGB (PS3.3 C.7.6.3.1.2), for the colour images a PACS cannot render
 * itself. Colour images have no modality LUT or VOI (PS3.4 N.2); the patient's preset is applied to each level.
 */
final class ColourRenderer {

    private ColourRenderer() {}

    static BufferedImage render(DisplayAttributes a, byte[] frame, DisplayPreset preset) {
        return render(a, frame, RenderOptions.DEFAULT.withPreset(preset));
    }

    /** The frame fitted into the options' viewport ({@link Decimation}) with the options' preset. */
    static BufferedImage render(DisplayAttributes a, byte[] frame, RenderOptions options) {
        if (!a.plainColour()) {
            throw new IllegalArgumentException("not 8-bit RGB or YBR_FULL: " + a.photometric());
        }
        int pixels = a.rows() * a.columns();
        if (frame.length < pixels * 3L) {
            throw PacsException.badResponse("a frame of " + frame.length + " bytes for " + pixels + " colour pixels");
        }
        int[] table = new int[256];
        for (int i = 0; i < 256; i++) {
            table[i] = (int) Math.round(options.preset().apply(i / 255.0) * 255);
        }
        boolean ybr = "YBR_FULL".equals(a.photometric());
        boolean planar = a.planar();
        Decimation d = Decimation.fit(a.columns(), a.rows(), options);
        BufferedImage full = d.identity() ? new BufferedImage(a.columns(), a.rows(), BufferedImage.TYPE_INT_RGB) : null;
        int[] rgb = full != null ? ((DataBufferInt) full.getRaster().getDataBuffer()).getData() : new int[pixels];
        for (int i = 0; i < pixels; i++) {
            int s0 = frame[planar ? i : 3 * i] & 0xff;
            int s1 = frame[planar ? pixels + i : 3 * i + 1] & 0xff;
            int s2 = frame[planar ? 2 * pixels + i : 3 * i + 2] & 0xff;
            int r = s0;
            int g = s1;
            int b = s2;
            if (ybr) {
                double cb = s1 - 128.0;
                double cr = s2 - 128.0;
                r = clamp(s0 + 1.402 * cr);
                g = clamp(s0 - 0.344136 * cb - 0.714136 * cr);
                b = clamp(s0 + 1.772 * cb);
            }
            rgb[i] = table[r] << 16 | table[g] << 8 | table[b];
        }
        return full != null ? full : d.rgb(rgb);
    }

    private static int clamp(double value) {
        long v = Math.round(value);
        return (int) Math.max(0, Math.min(255, v));
    }
}
