package org.xrayportal.imaging;

/**
 * One greyscale frame as modality values (after the Modality LUT: Rescale Slope/Intercept or the Modality LUT
 * Sequence, PS3.4 N.2.1.1), reduced to fit the size the viewer asked for, with what the browser needs to apply the
 * rest of the display pipeline itself while the patient drags: the image's own VOI (window and function, or VOI LUT),
 * MONOCHROME1, and the frame's minimum and maximum (the VOI when the image has none). Values are row by row.
 *
 * @param integral every value is a whole number (then they are rounded averages of whole numbers)
 * @param minimum the smallest modality value of the whole frame at full resolution
 * @param maximum the largest, likewise
 * @param voiLut the image's first VOI LUT, or null
 */
public record ModalityFrame(
        int rows,
        int columns,
        int sourceRows,
        int sourceColumns,
        boolean monochrome1,
        float[] values,
        boolean integral,
        double minimum,
        double maximum,
        Double windowCenter,
        Double windowWidth,
        String voiFunction,
        VoiLut voiLut) {

    /** A VOI LUT: {@code data[i]} is the output for input {@code firstMapped + i}; outputs are {@code bits} deep. */
    public record VoiLut(int firstMapped, int bits, int[] data) {}

    /** The image's own window, when the pipeline would use it (LINEAR needs a width of at least 1, others above 0). */
    public boolean hasUsableWindow() {
        if (windowCenter == null || windowWidth == null) {
            return false;
        }
        return "LINEAR".equals(voiFunction) ? windowWidth >= 1 : windowWidth > 0;
    }
}
