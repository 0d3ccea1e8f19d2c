package org.xrayportal.viewer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.xrayportal.imaging.ModalityFrame;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wire format of a frame's modality values, read by {@code static/js/viewer.js}: a little-endian unsigned 32-bit
 * length, that many bytes of JSON (padded with spaces so the samples start on a 4-byte boundary) describing the frame
 * ({@code rows}, {@code columns}, {@code photometric}, {@code type}, {@code minimum}, {@code maximum}, the image's own
 * {@code window} with its {@code function}, its {@code voiLut}), then {@code rows × columns} little-endian samples of
 * {@code type}: {@code u16} or {@code i16} when every value is a whole number that fits, else {@code f32}.
 */
final class ModalityValuesEncoding {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ModalityValuesEncoding() {}

    static String type(ModalityFrame f) {
        if (f.integral() && f.minimum() >= 0 && f.maximum() <= 65535) {
            return "u16";
        }
        if (f.integral() && f.minimum() >= -32768 && f.maximum() <= 32767) {
            return "i16";
        }
        return "f32";
    }

    static byte[] encode(ModalityFrame f) {
        String type = type(f);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("rows", f.rows());
        header.put("columns", f.columns());
        header.put("sourceRows", f.sourceRows());
        header.put("sourceColumns", f.sourceColumns());
        header.put("photometric", f.monochrome1() ? "MONOCHROME1" : "MONOCHROME2");
        header.put("type", type);
        header.put("minimum", f.minimum());
        header.put("maximum", f.maximum());
        if (f.hasUsableWindow()) {
            header.put(
                    "window",
                    Map.of("center", f.windowCenter(), "width", f.windowWidth(), "function", f.voiFunction()));
        }
        if (f.voiLut() != null) {
            header.put(
                    "voiLut",
                    Map.of(
                            "firstMapped", f.voiLut().firstMapped(),
                            "bits", f.voiLut().bits(),
                            "data", f.voiLut().data()));
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 3) / 4 * 4;
        int bytesPerSample = type.equals("f32") ? 4 : 2;
        float[] values = f.values();
        ByteBuffer out =
                ByteBuffer.allocate(4 + padded + values.length * bytesPerSample).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(padded).put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        switch (type) {
            case "u16" -> {
                for (float v : values) {
                    out.putShort((short) (int) v);
                }
            }
            case "i16" -> {
                for (float v : values) {
                    out.putShort((short) v);
                }
            }
            default -> {
                for (float v : values) {
                    out.putFloat(v);
                }
            }
        }
        return out.array();
    }

    /** Fast gzip: the values travel once per image, and a slow phone line gains more than the server spends. */
    static byte[] gzip(byte[] body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length / 2);
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes, 64 * 1024) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
