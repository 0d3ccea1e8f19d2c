package org.xrayportal.imaging;

import java.util.Base64;
import java.util.Locale;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The attributes of an image that decide what the patient sees (DICOM PS3.3 C.7.6.3 pixel module, C.11 LUTs), read
 * from the instance's WADO-RS metadata. Only what the display pipeline needs; anything it cannot use (LUT data it cannot
 * fetch, an odd descriptor) is simply absent, so the pipeline falls back to the next rule.
 */
record DisplayAttributes(
        int rows,
        int columns,
        int samplesPerPixel,
        String photometric,
        boolean planar,
        int bitsAllocated,
        int bitsStored,
        int highBit,
        boolean signed,
        double rescaleSlope,
        double rescaleIntercept,
        Lut modalityLut,
        Double windowCenter,
        Double windowWidth,
        String voiFunction,
        Lut voiLut) {

    static final String PHOTOMETRIC_INTERPRETATION = "00280004";
    static final String SAMPLES_PER_PIXEL = "00280002";
    static final String PLANAR_CONFIGURATION = "00280006";
    static final String BITS_ALLOCATED = "00280100";
    static final String BITS_STORED = "00280101";
    static final String HIGH_BIT = "00280102";
    static final String PIXEL_REPRESENTATION = "00280103";
    static final String RESCALE_INTERCEPT = "00281052";
    static final String RESCALE_SLOPE = "00281053";
    static final String MODALITY_LUT_SEQUENCE = "00283000";
    static final String VOI_LUT_SEQUENCE = "00283010";
    static final String VOI_LUT_FUNCTION = "00281056";
    static final String LUT_DESCRIPTOR = "00283002";
    static final String LUT_DATA = "00283006";

    /** A lookup table: {@code entries} values, the first mapped to input {@code firstMapped}, {@code bits} deep. */
    record Lut(int firstMapped, int bits, int[] data) {

        /** The table's output for an input value, inputs outside the table clamped to its ends. */
        int lookup(double input) {
            long index = Math.round(input) - firstMapped;
            int i = index < 0 ? 0 : (int) Math.min(index, data.length - 1);
            return data[i];
        }

        double maxOutput() {
            return (1L << bits) - 1;
        }
    }

    boolean greyscale() {
        return samplesPerPixel == 1 && ("MONOCHROME1".equals(photometric) || "MONOCHROME2".equals(photometric));
    }

    /** Colour the portal can show from uncompressed pixel data itself: 8-bit RGB or YBR_FULL. */
    boolean plainColour() {
        return samplesPerPixel == 3
                && bitsAllocated == 8
                && ("RGB".equals(photometric) || "YBR_FULL".equals(photometric));
    }

    boolean monochrome1() {
        return "MONOCHROME1".equals(photometric);
    }

    /** The image's own window, when it is usable: LINEAR needs a width of at least 1, the others more than 0. */
    boolean hasUsableWindow() {
        if (windowCenter == null || windowWidth == null) {
            return false;
        }
        return "LINEAR".equals(voiFunction) ? windowWidth >= 1 : windowWidth > 0;
    }

    static DisplayAttributes of(DicomJson.Dataset d) {
        return of(d, uri -> null);
    }

    /**
     * Reads the attributes; {@code bulkData} fetches LUT data the PACS sends only by BulkDataURI (answers null when
     * it cannot).
     */
    static DisplayAttributes of(DicomJson.Dataset d, Function<String, byte[]> bulkData) {
        Integer rows = d.integer(DicomJson.ROWS);
        Integer columns = d.integer(DicomJson.COLUMNS);
        Integer bitsAllocated = d.integer(BITS_ALLOCATED);
        if (rows == null || columns == null || bitsAllocated == null || rows < 1 || columns < 1) {
            throw PacsException.badResponse("instance metadata without image dimensions");
        }
        Integer samples = d.integer(SAMPLES_PER_PIXEL);
        Integer bitsStored = d.integer(BITS_STORED);
        Integer highBit = d.integer(HIGH_BIT);
        int stored = bitsStored == null || bitsStored < 1 || bitsStored > bitsAllocated ? bitsAllocated : bitsStored;
        int high = highBit == null || highBit < stored - 1 || highBit >= bitsAllocated ? stored - 1 : highBit;
        boolean signed = Integer.valueOf(1).equals(d.integer(PIXEL_REPRESENTATION));
        Double slope = d.decimal(RESCALE_SLOPE);
        Double intercept = d.decimal(RESCALE_INTERCEPT);
        String function = d.string(VOI_LUT_FUNCTION);
        String photometric = d.string(PHOTOMETRIC_INTERPRETATION);
        return new DisplayAttributes(
                rows,
                columns,
                samples == null ? 1 : samples,
                photometric == null ? "MONOCHROME2" : photometric.toUpperCase(Locale.ROOT),
                Integer.valueOf(1).equals(d.integer(PLANAR_CONFIGURATION)),
                bitsAllocated,
                stored,
                high,
                signed,
                slope == null || slope == 0 ? 1 : slope,
                intercept == null ? 0 : intercept,
                firstLut(d, MODALITY_LUT_SEQUENCE, signed, bulkData),
                d.decimal(DicomJson.WINDOW_CENTER),
                d.decimal(DicomJson.WINDOW_WIDTH),
                function == null ? "LINEAR" : function.toUpperCase(Locale.ROOT),
                firstLut(d, VOI_LUT_SEQUENCE, signed, bulkData));
    }

    /** The first item's LUT of a sequence, or null when absent or not given inline. */
    private static Lut firstLut(
            DicomJson.Dataset d, String sequence, boolean signed, Function<String, byte[]> bulkData) {
        JsonNode attribute = d.node().get(sequence);
        JsonNode items = attribute == null ? null : attribute.get("Value");
        if (items == null
                || !items.isArray()
                || items.isEmpty()
                || !items.get(0).isObject()) {
            return null;
        }
        JsonNode item = items.get(0);
        JsonNode descriptor = values(item, LUT_DESCRIPTOR);
        if (descriptor == null || descriptor.size() != 3) {
            return null;
        }
        int entries = descriptor.get(0).asInt();
        int first = descriptor.get(1).asInt();
        int bits = descriptor.get(2).asInt();
        if (entries == 0) {
            entries = 65536;
        }
        if (entries < 0 || bits < 1 || bits > 16) {
            return null;
        }
        if (signed && first > 32767 && first < 65536) {
            first -= 65536; // the first mapped value of signed pixel data written as US (PS3.3 C.11.1.1.1)
        }
        int[] data = lutData(item.get(LUT_DATA), entries, bulkData);
        return data == null ? null : new Lut(first, bits, data);
    }

    private static int[] lutData(JsonNode attribute, int entries, Function<String, byte[]> bulkData) {
        if (attribute == null || !attribute.isObject()) {
            return null;
        }
        JsonNode values = attribute.get("Value");
        if (values != null && values.isArray() && values.size() >= entries) {
            int[] data = new int[entries];
            for (int i = 0; i < entries; i++) {
                data[i] = values.get(i).asInt() & 0xffff;
            }
            return data;
        }
        byte[] bytes = null;
        JsonNode inline = attribute.get("InlineBinary");
        JsonNode bulk = attribute.get("BulkDataURI");
        if (inline != null && inline.isString()) {
            try {
                bytes = Base64.getDecoder().decode(inline.stringValue());
            } catch (IllegalArgumentException e) {
                return null;
            }
        } else if (bulk != null && bulk.isString()) {
            bytes = bulkData.apply(bulk.stringValue());
        }
        if (bytes == null) {
            return null;
        }
        boolean words = !"OB".equals(attribute.path("vr").asString(""));
        if (bytes.length < entries * (words ? 2 : 1)) {
            return null;
        }
        int[] data = new int[entries];
        for (int i = 0; i < entries; i++) {
            data[i] = words ? (bytes[2 * i] & 0xff) | (bytes[2 * i + 1] & 0xff) << 8 : bytes[i] & 0xff;
        }
        return data;
    }

    private static JsonNode values(JsonNode item, String tag) {
        JsonNode attribute = item.get(tag);
        JsonNode values = attribute == null ? null : attribute.get("Value");
        return values != null && values.isArray() ? values : null;
    }
}
