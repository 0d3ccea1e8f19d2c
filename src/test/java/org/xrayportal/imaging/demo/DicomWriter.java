package org.xrayportal.imaging.demo;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes a DICOM Part-10 file in explicit VR little endian, enough for synthetic images: text and binary attributes of
 * the common VRs and native (uncompressed) pixel data. Text is UTF-8, so datasets must carry SpecificCharacterSet
 * {@code ISO_IR 192} when they hold non-ASCII names.
 */
public final class DicomWriter {

    public static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";
    private static final String IMPLEMENTATION_CLASS_UID = "2.25.141404707935327217096318519093513374045";
    private static final Set<String> LONG_VRS =
            Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "UC", "UN", "UR", "UT");

    /** Elements by tag (group in the high 16 bits), kept sorted as Part-10 requires. */
    private final Map<Long, byte[]> elements = new TreeMap<>();

    /** A text attribute (AE, AS, CS, DA, DS, IS, LO, PN, SH, TM, UI, ...). Backslash separates values. */
    public DicomWriter text(int tag, String vr, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        byte pad = "UI".equals(vr) ? (byte) 0 : (byte) ' ';
        return put(tag, vr, padded(bytes, pad));
    }

    /**
     * An Encapsulated PDF's document attributes (PS3.3 C.24.2): Document Title, MIME Type of Encapsulated Document,
     * Encapsulated Document and its length in bytes before padding (Encapsulated Document Length).
     */
    public DicomWriter encapsulatedPdf(String title, byte[] pdf) {
        return text(0x00420010, "ST", title)
                .text(0x00420012, "LO", "application/pdf")
                .bytes(0x00420011, "OB", pdf)
                .bytes(
                        0x00420015,
                        "UL",
                        ByteBuffer.allocate(4)
                                .order(ByteOrder.LITTLE_ENDIAN)
                                .putInt(pdf.length)
                                .array());
    }

    /** {@link #text}, or nothing when {@code value} is null. */
    public DicomWriter textIfPresent(int tag, String vr, String value) {
        return value == null ? this : text(tag, vr, value);
    }

    /** An unsigned short attribute. */
    public DicomWriter us(int tag, int value) {
        return put(
                tag,
                "US",
                ByteBuffer.allocate(2)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putShort((short) value)
                        .array());
    }

    /** Pixel data of 8-bit samples. */
    public DicomWriter pixelData8(byte[] samples) {
        return put(0x7FE00010, "OB", padded(samples, (byte) 0));
    }

    /** Pixel data of 16-bit samples. */
    public DicomWriter pixelData16(short[] samples) {
        ByteBuffer buffer = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asShortBuffer().put(samples);
        return put(0x7FE00010, "OW", buffer.array());
    }

    /** A binary attribute (OB, for example an encapsulated document), padded to an even length with a zero. */
    public DicomWriter bytes(int tag, String vr, byte[] value) {
        return put(tag, vr, padded(value, (byte) 0));
    }

    /** A sequence (SQ) of items of explicit length, each item the dataset of its own writer. */
    public DicomWriter sequence(int tag, DicomWriter... items) {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        for (DicomWriter item : items) {
            byte[] content = item.dataset();
            value.writeBytes(ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putShort((short) 0xFFFE)
                    .putShort((short) 0xE000)
                    .putInt(content.length)
                    .array());
            value.writeBytes(content);
        }
        return put(tag, "SQ", value.toByteArray());
    }

    private byte[] dataset() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] element : elements.values()) {
            out.writeBytes(element);
        }
        return out.toByteArray();
    }

    /**
     * Encapsulated pixel data (PS3.5 A.4): one compressed frame (e.g. a JPEG baseline stream) after an empty basic
     * offset table; the file must then be written with {@link #toPart10(String, String, String)} and the frame's
     * transfer syntax.
     */
    public DicomWriter pixelDataEncapsulated(byte[] frame) {
        byte[] padded = padded(frame, (byte) 0);
        ByteBuffer value = ByteBuffer.allocate(8 + 8 + padded.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        value.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(0);
        value.putShort((short) 0xFFFE)
                .putShort((short) 0xE000)
                .putInt(padded.length)
                .put(padded);
        value.putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0);
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        header.putShort((short) 0x7FE0)
                .putShort((short) 0x0010)
                .put(ascii("OB"))
                .putShort((short) 0)
                .putInt(-1);
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        encoded.writeBytes(header.array());
        encoded.writeBytes(value.array());
        elements.put(Integer.toUnsignedLong(0x7FE00010), encoded.toByteArray());
        return this;
    }

    /** The complete file: preamble, "DICM", file meta information and the dataset. */
    public byte[] toPart10(String sopClassUid, String sopInstanceUid) {
        return toPart10(sopClassUid, sopInstanceUid, EXPLICIT_VR_LITTLE_ENDIAN);
    }

    /** The complete file, its dataset in explicit VR little endian with pixel data of {@code transferSyntaxUid}. */
    public byte[] toPart10(String sopClassUid, String sopInstanceUid, String transferSyntaxUid) {
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        writeElement(meta, 0x00020001, "OB", new byte[] {0, 1});
        writeElement(meta, 0x00020002, "UI", padded(ascii(sopClassUid), (byte) 0));
        writeElement(meta, 0x00020003, "UI", padded(ascii(sopInstanceUid), (byte) 0));
        writeElement(meta, 0x00020010, "UI", padded(ascii(transferSyntaxUid), (byte) 0));
        writeElement(meta, 0x00020012, "UI", padded(ascii(IMPLEMENTATION_CLASS_UID), (byte) 0));
        writeElement(meta, 0x00020013, "SH", padded(ascii("XRAYPORTAL_1"), (byte) ' '));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes(ascii("DICM"));
        byte[] metaLength = ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(meta.size())
                .array();
        writeElement(out, 0x00020000, "UL", metaLength);
        out.writeBytes(meta.toByteArray());
        out.writeBytes(dataset());
        return out.toByteArray();
    }

    private DicomWriter put(int tag, String vr, byte[] value) {
        if ((tag >>> 16) == 0x0002) {
            throw new IllegalArgumentException("file meta information is written by toPart10");
        }
        ByteArrayOutputStream encoded = new ByteArrayOutputStream(value.length + 12);
        writeElement(encoded, tag, vr, value);
        elements.put(Integer.toUnsignedLong(tag), encoded.toByteArray());
        return this;
    }

    private static void writeElement(ByteArrayOutputStream out, int tag, String vr, byte[] value) {
        boolean longForm = LONG_VRS.contains(vr);
        ByteBuffer header = ByteBuffer.allocate(longForm ? 12 : 8).order(ByteOrder.LITTLE_ENDIAN);
        header.putShort((short) (tag >>> 16)).putShort((short) tag);
        header.put(ascii(vr));
        if (longForm) {
            header.putShort((short) 0).putInt(value.length);
        } else {
            if (value.length > 0xFFFF) {
                throw new IllegalArgumentException("value too long for VR " + vr);
            }
            header.putShort((short) value.length);
        }
        out.writeBytes(header.array());
        out.writeBytes(value);
    }

    private static byte[] padded(byte[] bytes, byte pad) {
        if (bytes.length % 2 == 0) {
            return bytes;
        }
        byte[] even = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, even, 0, bytes.length);
        even[bytes.length] = pad;
        return even;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
