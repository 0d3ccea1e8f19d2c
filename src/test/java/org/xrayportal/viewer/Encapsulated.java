package org.xrayportal.viewer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.xrayportal.imaging.demo.DicomWriter;

/**
 * A Part-10 file with encapsulated (compressed) pixel data (PS3.5 A.4): the dataset written by {@link DicomWriter}
 * without pixel data, file meta information naming the compressed transfer syntax, and Pixel Data of undefined length
 * holding an empty basic offset table and one fragment.
 */
final class Encapsulated {

    private Encapsulated() {}

    static byte[] part10(DicomWriter dataset, String sopClass, String sopUid, String transferSyntax, byte[] fragment) {
        byte[] plain = dataset.toPart10(sopClass, sopUid);
        // Skip DicomWriter's preamble, "DICM" and meta group: (0002,0000) UL at 132, its value at 140.
        int metaLength =
                ByteBuffer.wrap(plain, 140, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int datasetStart = 144 + metaLength;

        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        element(meta, 0x0002, 0x0001, "OB", new byte[] {0, 1});
        element(meta, 0x0002, 0x0002, "UI", uid(sopClass));
        element(meta, 0x0002, 0x0003, "UI", uid(sopUid));
        element(meta, 0x0002, 0x0010, "UI", uid(transferSyntax));
        element(meta, 0x0002, 0x0012, "UI", uid("2.25.141404707935327217096318519093513374045"));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        element(out, 0x0002, 0x0000, "UL", le32(meta.size()));
        out.writeBytes(meta.toByteArray());
        out.write(plain, datasetStart, plain.length - datasetStart);
        // (7FE0,0010) OB, undefined length
        out.writeBytes(tag(0x7FE0, 0x0010));
        out.writeBytes("OB".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {0, 0});
        out.writeBytes(le32(0xFFFFFFFF));
        item(out, new byte[0]); // empty basic offset table
        item(out, fragment.length % 2 == 0 ? fragment : java.util.Arrays.copyOf(fragment, fragment.length + 1));
        out.writeBytes(tag(0xFFFE, 0xE0DD)); // sequence delimiter
        out.writeBytes(le32(0));
        return out.toByteArray();
    }

    private static void item(ByteArrayOutputStream out, byte[] value) {
        out.writeBytes(tag(0xFFFE, 0xE000));
        out.writeBytes(le32(value.length));
        out.writeBytes(value);
    }

    private static void element(ByteArrayOutputStream out, int group, int element, String vr, byte[] value) {
        out.writeBytes(tag(group, element));
        out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        if (vr.equals("OB")) {
            out.writeBytes(new byte[] {0, 0});
            out.writeBytes(le32(value.length));
        } else {
            out.writeBytes(ByteBuffer.allocate(2)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putShort((short) value.length)
                    .array());
        }
        out.writeBytes(value);
    }

    private static byte[] tag(int group, int element) {
        return ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) group)
                .putShort((short) element)
                .array();
    }

    private static byte[] le32(int value) {
        return ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(value)
                .array();
    }

    private static byte[] uid(String uid) {
        byte[] ascii = uid.getBytes(StandardCharsets.US_ASCII);
        return ascii.length % 2 == 0 ? ascii : java.util.Arrays.copyOf(ascii, ascii.length + 1);
    }
}
