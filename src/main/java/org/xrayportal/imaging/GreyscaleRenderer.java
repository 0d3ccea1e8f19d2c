package org.xrayportal.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The portal's own greyscale display pipeline (DICOM PS3.4 N.2.1): stored value → Modality LUT (Rescale
 * Slope/Intercept or Modality LUT Sequence) → VOI (an explicit window, else the image's VOI LUT Sequence, else its
 * first Window Centre/Width with LINEAR, LINEAR_EXACT or SIGMOID, else min–max of the frame) → MONOCHROME1 inversion
 * → the patient's preset → 8-bit grey. Input is one frame in Explicit VR Little Endian, as the PACS sends it from
 * WADO-RS {@code /frames/N}. For stored values of up to 16 bits every possible value is computed once into a table.
 */
final class GreyscaleRenderer {

    private GreyscaleRenderer() {}

    /**
     * The frame as the patient sees it, fitted into the options' viewport ({@link Decimation}): for stored values of up
     * to 16 bits, modality LUT, VOI, MONOCHROME1 and preset are folded into one table indexed by the stored value, and
     * one pass over the pixel data looks each pixel up and averages it into its output pixel. Looking up before
     * averaging keeps the result the standard's (a window clips per pixel); with a table the lookup costs one read.
     */
    static BufferedImage render(DisplayAttributes a, byte[] frame, RenderOptions options) {
        if (!a.greyscale()) {
            throw new IllegalArgumentException("not a greyscale image: " + a.photometric());
        }
        int bytesPerSample = switch (a.bitsAllocated()) {
            case 8 -> 1;
            case 16 -> 2;
            case 32 -> 4;
            default -> throw PacsException.badResponse("unsupported Bits Allocated " + a.bitsAllocated());
        };
        int pixels = a.rows() * a.columns();
        if (frame.length < (long) pixels * bytesPerSample) {
            throw PacsException.badResponse("a frame of " + frame.length + " bytes for " + pixels + " pixels");
        }
        Decimation d = Decimation.fit(a.columns(), a.rows(), options);
        BufferedImage image = new BufferedImage(d.width, d.height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] out = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        if (a.bitsStored() <= 16) {
            byte[] table = table(a, frame, pixels, bytesPerSample, options);
            Sampler index = new Sampler(a, bytesPerSample);
            if (d.identity()) {
                for (int i = 0, p = 0; i < pixels; i++, p += bytesPerSample) {
                    out[i] = table[index.at(frame, p)];
                }
            } else {
                long[] sums = new long[d.width];
                int[] columnOf = d.columnOf;
                for (int y = 0; y < d.height; y++) {
                    Arrays.fill(sums, 0);
                    for (int sy = d.rowStart[y]; sy < d.rowStart[y + 1]; sy++) {
                        int p = sy * a.columns() * bytesPerSample;
                        if (bytesPerSample == 2) {
                            // The common case (8 to 16 bits in 16), read inline.
                            int shift = index.shift;
                            int mask = index.mask;
                            int flip = index.flip;
                            for (int x = 0; x < columnOf.length; x++, p += 2) {
                                int word = (frame[p] & 0xff) | (frame[p + 1] & 0xff) << 8;
                                sums[columnOf[x]] += table[((word >>> shift) & mask) ^ flip] & 0xff;
                            }
                        } else {
                            for (int x = 0; x < columnOf.length; x++, p += bytesPerSample) {
                                sums[columnOf[x]] += table[index.at(frame, p)] & 0xff;
                            }
                        }
                    }
                    d.greyRow(y, sums, out);
                }
            }
            return image;
        }
        // More than 16 bits stored (32-bit pixel data): too many values for a table, each pixel is computed.
        int[] stored = storedValues(a, frame, pixels, bytesPerSample);
        Voi voi = voi(a, stored, options);
        long[] sums = new long[d.width];
        for (int y = 0; y < d.height; y++) {
            Arrays.fill(sums, 0);
            for (int sy = d.rowStart[y]; sy < d.rowStart[y + 1]; sy++) {
                for (int x = 0; x < a.columns(); x++) {
                    sums[d.columnOf[x]] +=
                            grey(voi, a, stored[sy * a.columns() + x], a.monochrome1(), options.preset()) & 0xff;
                }
            }
            d.greyRow(y, sums, out);
        }
        return image;
    }

    /**
     * The displayed grey of every possible stored value (up to 16 bits), indexed by {@link Sampler#at}: entry
     * {@code i} is stored value {@code min + i}, with {@code min} 0 or, for signed data, -2^(bits-1).
     */
    static byte[] table(DisplayAttributes a, byte[] frame, int pixels, int bytesPerSample, RenderOptions options) {
        int bits = a.bitsStored();
        int min = a.signed() ? -(1 << (bits - 1)) : 0;
        Voi voi = voi(a, options, () -> {
            // min–max over the values present: one pass marks them, then the modality LUT of each present value.
            boolean[] present = new boolean[1 << bits];
            Sampler index = new Sampler(a, bytesPerSample);
            for (int i = 0, p = 0; i < pixels; i++, p += bytesPerSample) {
                present[index.at(frame, p)] = true;
            }
            double low = Double.POSITIVE_INFINITY;
            double high = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < present.length; i++) {
                if (present[i]) {
                    double m = modality(a, min + i);
                    low = Math.min(low, m);
                    high = Math.max(high, m);
                }
            }
            return new double[] {low, high};
        });
        byte[] table = new byte[1 << bits];
        for (int i = 0; i < table.length; i++) {
            table[i] = grey(voi, a, min + i, a.monochrome1(), options.preset());
        }
        return table;
    }

    /**
     * Reads a pixel's table index from the frame: the Bits Stored below High Bit of its little-endian sample; for
     * signed data the sign bit flipped, which is the two's complement value minus its minimum.
     */
    static final class Sampler {
        private final int bytes;
        private final int shift;
        private final int mask;
        private final int flip;

        Sampler(DisplayAttributes a, int bytesPerSample) {
            this.bytes = bytesPerSample;
            this.shift = a.highBit() + 1 - a.bitsStored();
            this.mask = (1 << a.bitsStored()) - 1;
            this.flip = a.signed() ? 1 << (a.bitsStored() - 1) : 0;
        }

        int at(byte[] frame, int p) {
            int word = switch (bytes) {
                case 1 -> frame[p] & 0xff;
                case 2 -> (frame[p] & 0xff) | (frame[p + 1] & 0xff) << 8;
                default ->
                    (frame[p] & 0xff)
                            | (frame[p + 1] & 0xff) << 8
                            | (frame[p + 2] & 0xff) << 16
                            | (frame[p + 3] & 0xff) << 24;
            };
            return ((word >>> shift) & mask) ^ flip;
        }
    }

    private static byte grey(Voi voi, DisplayAttributes a, int stored, boolean invert, DisplayPreset preset) {
        double level = voi.level(modality(a, stored));
        if (invert) {
            level = 1 - level;
        }
        return (byte) Math.round(preset.apply(level) * 255);
    }

    static double modality(DisplayAttributes a, int stored) {
        DisplayAttributes.Lut lut = a.modalityLut();
        return lut != null ? lut.lookup(stored) : stored * a.rescaleSlope() + a.rescaleIntercept();
    }

    /** The stored values of the frame: the Bits Stored below High Bit, sign-extended for signed pixel data. */
    static int[] storedValues(DisplayAttributes a, byte[] frame, int pixels, int bytesPerSample) {
        int shift = a.highBit() + 1 - a.bitsStored();
        int bits = a.bitsStored();
        int[] values = new int[pixels];
        for (int i = 0, p = 0; i < pixels; i++, p += bytesPerSample) {
            long word = switch (bytesPerSample) {
                case 1 -> frame[p] & 0xffL;
                case 2 -> (frame[p] & 0xffL) | (frame[p + 1] & 0xffL) << 8;
                default ->
                    (frame[p] & 0xffL)
                            | (frame[p + 1] & 0xffL) << 8
                            | (frame[p + 2] & 0xffL) << 16
                            | (frame[p + 3] & 0xffL) << 24;
            };
            long value = (word >>> shift) & ((1L << bits) - 1);
            if (a.signed() && (value & (1L << (bits - 1))) != 0) {
                value -= 1L << bits;
            }
            values[i] = (int) value;
        }
        return values;
    }

    /** The VOI transformation that applies, as a function from modality output to a displayed level 0..1. */
    interface Voi {
        double level(double value);
    }

    static Voi voi(DisplayAttributes a, int[] stored, RenderOptions options) {
        return voi(a, options, () -> {
            double low = Double.POSITIVE_INFINITY;
            double high = Double.NEGATIVE_INFINITY;
            for (int value : stored) {
                double m = modality(a, value);
                low = Math.min(low, m);
                high = Math.max(high, m);
            }
            return new double[] {low, high};
        });
    }

    /** As above, with the frame's lowest and highest modality value computed only when min–max applies. */
    static Voi voi(DisplayAttributes a, RenderOptions options, Supplier<double[]> lowAndHigh) {
        if (!options.ownWindow()) {
            return linear(options.windowCenter(), options.windowWidth());
        }
        DisplayAttributes.Lut lut = a.voiLut();
        if (lut != null) {
            double max = lut.maxOutput();
            return value -> Math.min(1, lut.lookup(value) / max);
        }
        if (a.hasUsableWindow()) {
            double c = a.windowCenter();
            double w = a.windowWidth();
            return switch (a.voiFunction()) {
                case "SIGMOID" -> value -> 1 / (1 + Math.exp(-4 * (value - c) / w));
                case "LINEAR_EXACT" ->
                    value -> {
                        if (value <= c - w / 2) {
                            return 0;
                        }
                        return value > c + w / 2 ? 1 : (value - c) / w + 0.5;
                    };
                default -> linear(c, w);
            };
        }
        double[] lowHigh = lowAndHigh.get();
        double low = lowHigh[0];
        double high = lowHigh[1];
        if (!(high > low)) {
            return value -> 0;
        }
        double from = low;
        double range = high - low;
        return value -> Math.max(0, Math.min(1, (value - from) / range));
    }

    /** DICOM's LINEAR function (PS3.3 C.11.2.1.2.1), for a width of at least 1. */
    static Voi linear(double center, double width) {
        double c = center - 0.5;
        double w = width - 1;
        return value -> {
            if (value <= c - w / 2) {
                return 0;
            }
            return value > c + w / 2 ? 1 : (value - c) / w + 0.5;
        };
    }
}
