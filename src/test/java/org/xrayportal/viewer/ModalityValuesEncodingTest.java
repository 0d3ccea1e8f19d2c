package org.xrayportal.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.xrayportal.imaging.ModalityFrame;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ModalityValuesEncodingTest {

    @Test
    void encodeWhenWholeNumbersThenSixteenBitSamplesAfterAnAlignedHeader() {
        ModalityFrame unsigned = frame(new float[] {0, 65535, 7}, true, 0, 65535, null);
        ModalityFrame signed = frame(new float[] {-1024, 3071, 0}, true, -1024, 3071, null);
        ModalityFrame fractional = frame(new float[] {0.5f, 1.25f, 2}, false, 0.5, 2, null);

        assertThat(ModalityValuesEncoding.type(unsigned)).isEqualTo("u16");
        assertThat(ModalityValuesEncoding.type(signed)).isEqualTo("i16");
        assertThat(ModalityValuesEncoding.type(fractional)).isEqualTo("f32");
        assertThat(ModalityValuesEncoding.type(frame(new float[] {-1, 40000, 0}, true, -1, 40000, null)))
                .isEqualTo("f32");

        ByteBuffer body = ByteBuffer.wrap(ModalityValuesEncoding.encode(signed)).order(ByteOrder.LITTLE_ENDIAN);
        int length = body.getInt();
        assertThat((4 + length) % 4).isZero();
        JsonNode header = header(body.array(), length);
        assertThat(header.get("rows").asInt()).isEqualTo(1);
        assertThat(header.get("columns").asInt()).isEqualTo(3);
        assertThat(header.get("photometric").asString()).isEqualTo("MONOCHROME2");
        assertThat(header.get("type").asString()).isEqualTo("i16");
        assertThat(header.get("window").get("center").asDouble()).isEqualTo(40);
        assertThat(header.get("window").get("function").asString()).isEqualTo("SIGMOID");
        assertThat(header.has("voiLut")).isFalse();
        body.position(4 + length);
        assertThat(new short[] {body.getShort(), body.getShort(), body.getShort()})
                .containsExactly(-1024, 3071, 0);
        assertThat(body.remaining()).isZero();

        ByteBuffer floats =
                ByteBuffer.wrap(ModalityValuesEncoding.encode(fractional)).order(ByteOrder.LITTLE_ENDIAN);
        floats.position(4 + floats.getInt());
        assertThat(new float[] {floats.getFloat(), floats.getFloat(), floats.getFloat()})
                .containsExactly(0.5f, 1.25f, 2f);
    }

    @Test
    void encodeWhenVoiLutThenItTravelsInTheHeaderAndGzipRoundTrips() throws Exception {
        ModalityFrame f =
                frame(new float[] {1, 2, 3}, true, 1, 3, new ModalityFrame.VoiLut(-5, 12, new int[] {0, 9, 4095}));
        byte[] body = ModalityValuesEncoding.encode(f);
        JsonNode lut = header(
                        body,
                        ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).getInt())
                .get("voiLut");
        assertThat(lut.get("firstMapped").asInt()).isEqualTo(-5);
        assertThat(lut.get("bits").asInt()).isEqualTo(12);
        assertThat(lut.get("data").get(2).asInt()).isEqualTo(4095);
        byte[] unzipped =
                new GZIPInputStream(new ByteArrayInputStream(ModalityValuesEncoding.gzip(body))).readAllBytes();
        assertThat(unzipped).isEqualTo(body);
    }

    private static ModalityFrame frame(
            float[] values, boolean integral, double min, double max, ModalityFrame.VoiLut lut) {
        return new ModalityFrame(
                1, values.length, 2, values.length * 2, false, values, integral, min, max, 40.0, 80.0, "SIGMOID", lut);
    }

    private static JsonNode header(byte[] body, int length) {
        return JsonMapper.builder().build().readTree(new String(body, 4, length, StandardCharsets.UTF_8));
    }
}
