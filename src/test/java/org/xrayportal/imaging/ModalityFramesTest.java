package org.xrayportal.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModalityFramesTest {

    @Test
    void reduceWhenRescaledThenModalityValuesAveragedOverEachBlockAndTheWholeRange() {
        // 4 columns x 2 rows, slope 2, intercept -10, MONOCHROME1, its own window; reduced to fit 2 x 2.
        DisplayAttributes a = attributes(
                4,
                2,
                "\"00281053\":{\"vr\":\"DS\",\"Value\":[2]},"
                        + "\"00281052\":{\"vr\":\"DS\",\"Value\":[-10]},"
                        + "\"00280004\":{\"vr\":\"CS\",\"Value\":[\"MONOCHROME1\"]},"
                        + "\"00281050\":{\"vr\":\"DS\",\"Value\":[40]},\"00281051\":{\"vr\":\"DS\",\"Value\":[80]}");
        ModalityFrame f = ModalityFrames.reduce(a, new int[] {5, 7, 100, 100, 9, 11, 0, 1}, 2);

        assertThat(f.columns()).isEqualTo(2);
        assertThat(f.rows()).isEqualTo(1);
        assertThat(f.sourceColumns()).isEqualTo(4);
        assertThat(f.sourceRows()).isEqualTo(2);
        // Modality values: 0 4 190 190 / 8 12 -10 -8; blocks of 2 x 2: mean(0, 4, 8, 12) = 6, mean(190, 190, -10, -8) =
        // 90.5.
        assertThat(f.values()).containsExactly(6f, 90f);
        assertThat(f.integral()).isTrue();
        assertThat(f.minimum()).isEqualTo(-10);
        assertThat(f.maximum()).isEqualTo(190);
        assertThat(f.monochrome1()).isTrue();
        assertThat(f.hasUsableWindow()).isTrue();
        assertThat(f.windowCenter()).isEqualTo(40);
        assertThat(f.voiFunction()).isEqualTo("LINEAR");
        assertThat(f.voiLut()).isNull();
    }

    @Test
    void reduceWhenSmallerThanTheSizeThenNeverEnlargedAndFractionalSlopeKept() {
        DisplayAttributes a = attributes(2, 1, "\"00281053\":{\"vr\":\"DS\",\"Value\":[0.5]}");
        ModalityFrame f = ModalityFrames.reduce(a, new int[] {3, 4}, 256);

        assertThat(f.columns()).isEqualTo(2);
        assertThat(f.rows()).isEqualTo(1);
        assertThat(f.values()).containsExactly(1.5f, 2f);
        assertThat(f.integral()).isFalse();
        assertThat(f.hasUsableWindow()).isFalse();
    }

    private static DisplayAttributes attributes(int columns, int rows, String extra) {
        String json = "[{\"00280010\":{\"vr\":\"US\",\"Value\":[" + rows + "]},\"00280011\":{\"vr\":\"US\",\"Value\":["
                + columns + "]},\"00280100\":{\"vr\":\"US\",\"Value\":[16]},\"00280101\":{\"vr\":\"US\",\"Value\":[16]}"
                + (extra.contains("\"00280004\"") ? "" : ",\"00280004\":{\"vr\":\"CS\",\"Value\":[\"MONOCHROME2\"]}")
                + "," + extra + "}]";
        return DisplayAttributes.of(
                DicomJson.parse(json.getBytes(StandardCharsets.UTF_8)).getFirst());
    }
}
