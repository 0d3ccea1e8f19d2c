package org.xrayportal.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * The portal's own greyscale display pipeline (DICOM PS3.4 N.2.1): stored value → Modality LUT (Rescale
 * Slope/Intercept or Modality LUT Sequence) → VOI (an explicit window, else the image's VOI LUT Sequence, else its
 * first Window Centre/Width with LINEAR, LINEAR_EXACT or SIGMOID, else min–max of the frame) → MONOCHROME1 inversion
 * → the patient's preset → 8-bit grey. Input is one frame in Explicit VR Little Endian, as the PACS sends it from
 * WADO-RS {@code /frames/N}. For stored values of up to 16 bits every possible value is computed once into a table.
 */
final class GreyscaleRenderer {

    private GreyscaleRenderer() {}

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
        int[] stored = storedValues(a, frame, pixels, bytesPerSample);
        Voi voi = voi(a, stored, options);
        DisplayPreset preset = options.preset();
        boolean invert = a.monochrome1();

        BufferedImage image = new BufferedImage(a.columns(), a.rows(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] out = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        if (a.bitsStored() <= 16) {
            int min = a.signed() ? -(1 << (a.bitsStored() - 1)) : 0;
            byte[] table = new byte[1 << a.bitsStored()];
            for (int i = 0; i < table.length; i++) {
                table[i] = grey(voi, a, min + i, invert, preset);
            }
            for (int i = 0; i < pixels; i++) {
                out[i] = table[stored[i] - min];
            }
        } else {
            for (int i = 0; i < pixels; i++) {
                out[i] = grey(voi, a, stored[i], invert, preset);
            }
        }
        return image;
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
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int value : stored) {
            double m = modality(a, value);
            low = Math.min(low, m);
            high = Math.max(high, m);
        }
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
