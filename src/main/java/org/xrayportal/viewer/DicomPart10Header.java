package org.xrayportal.viewer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads just the start of a DICOM Part-10 file (preamble, "DICM", file meta information) to learn its SOP Instance
 * UID, so that a streamed instance can be named before its (possibly huge) pixel data is copied. The bytes read are
 * handed back unchanged: the file in the ZIP is exactly the file the PACS sent.
 */
record DicomPart10Header(byte[] bytes, String sopInstanceUid, String transferSyntaxUid) {

    /** Bounds what is buffered if a file claims an absurd meta length. */
    private static final int MAX_META_LENGTH = 64 * 1024;

    private static final int PREAMBLE_AND_GROUP_LENGTH = 128 + 4 + 12;

    static DicomPart10Header read(InputStream in) throws IOException {
        byte[] start = in.readNBytes(PREAMBLE_AND_GROUP_LENGTH);
        if (start.length < PREAMBLE_AND_GROUP_LENGTH
                || !"DICM".equals(new String(start, 128, 4, StandardCharsets.US_ASCII))
                || u16(start, 132) != 0x0002
                || u16(start, 134) != 0x0000
                || !"UL".equals(new String(start, 136, 2, StandardCharsets.US_ASCII))) {
            return new DicomPart10Header(start, null, null);
        }
        long metaLength = u32(start, 140);
        if (metaLength <= 0 || metaLength > MAX_META_LENGTH) {
            return new DicomPart10Header(start, null, null);
        }
        byte[] meta = in.readNBytes((int) metaLength);
        byte[] all = Arrays.copyOf(start, start.length + meta.length);
        System.arraycopy(meta, 0, all, start.length, meta.length);
        return new DicomPart10Header(all, metaUid(meta, 0x0003), metaUid(meta, 0x0010));
    }

    /**
     * Whether the file's pixel data is already compressed (JPEG family, JPEG-LS, JPEG 2000, HTJ2K, RLE, MPEG/HEVC, or
     * deflated as a whole): deflating it again gains next to nothing, so the ZIP stores it.
     */
    boolean compressed() {
        if (transferSyntaxUid == null) {
            return false;
        }
        return transferSyntaxUid.startsWith("1.2.840.10008.1.2.4.")
                || transferSyntaxUid.equals("1.2.840.10008.1.2.5")
                || transferSyntaxUid.equals("1.2.840.10008.1.2.1.99");
    }

    /**
     * A UID of the meta group ({@code (0002,0003)} Media Storage SOP Instance UID, {@code (0002,0010)} Transfer
     * Syntax UID), in explicit VR little endian, as PS3.10 requires for the meta group.
     */
    private static String metaUid(byte[] meta, int wanted) {
        int pos = 0;
        while (pos + 8 <= meta.length) {
            int group = u16(meta, pos);
            int element = u16(meta, pos + 2);
            String vr = new String(meta, pos + 4, 2, StandardCharsets.US_ASCII);
            long length;
            int header;
            if (isLongForm(vr)) {
                if (pos + 12 > meta.length) {
                    return null;
                }
                length = u32(meta, pos + 8);
                header = 12;
            } else {
                length = u16(meta, pos + 6);
                header = 8;
            }
            if (pos + header + length > meta.length) {
                return null;
            }
            if (group == 0x0002 && element == wanted) {
                String uid = new String(meta, pos + header, (int) length, StandardCharsets.US_ASCII);
                return uid.replace("\0", "").strip();
            }
            pos += header + (int) length;
        }
        return null;
    }

    private static boolean isLongForm(String vr) {
        return switch (vr) {
            case "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "UC", "UN", "UR", "UT" -> true;
            default -> false;
        };
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int at) {
        return (u16(b, at) | (long) u16(b, at + 2) << 16) & 0xFFFFFFFFL;
    }
}
