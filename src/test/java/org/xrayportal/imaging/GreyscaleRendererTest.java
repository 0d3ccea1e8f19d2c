package org.xrayportal.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The portal's greyscale pipeline on hand-made pixels, value by value (PS3.3 C.11, PS3.4 N.2.1). */
class GreyscaleRendererTest {

    private static final RenderOptions DEFAULT = RenderOptions.DEFAULT;

    @Test
    void linearWindowFollowsTheStandardFormula() {
        // c=100, w=51 (LINEAR): 0 up to 74.5, 255 above 124.5, ((x - 99.5) / 50 + 0.5) between.
        DisplayAttributes a = attributes(
                "\"00281050\":{\"vr\":\"DS\",\"Value\":[100]}," + "\"00281051\":{\"vr\":\"DS\",\"Value\":[51]}");
        assertThat(greys(a, 74, 75, 100, 124, 125, 4000)).containsExactly(0, 3, 130, 252, 255, 255);
    }

    @Test
    void negativeRescaleSlopeIsAppliedBeforeTheWindow() {
        DisplayAttributes a = attributes("\"00281050\":{\"vr\":\"DS\",\"Value\":[2048]},"
                + "\"00281051\":{\"vr\":\"DS\",\"Value\":[4096]},"
                + "\"00281052\":{\"vr\":\"DS\",\"Value\":[4095]},"
                + "\"00281053\":{\"vr\":\"DS\",\"Value\":[-1]}");
        // Stored 0 means 4095 after the modality LUT: white, not black.
        assertThat(greys(a, 0, 4095)).containsExactly(255, 0);
    }

    @Test
    void monochrome1IsInvertedAfterVoiAndBrighterIsStillBrighter() {
        DisplayAttributes a = attributes("\"00280004\":{\"vr\":\"CS\",\"Value\":[\"MONOCHROME1\"]},"
                + "\"00281050\":{\"vr\":\"DS\",\"Value\":[2048]},"
                + "\"00281051\":{\"vr\":\"DS\",\"Value\":[4096]}");
        int[] plain = greys(a, 1000);
        int[] brighter = greys(a, DEFAULT.withPreset(DisplayPreset.BRIGHTER), 1000);
        assertThat(greys(a, 0, 4095)).containsExactly(255, 0);
        assertThat(brighter[0]).isEqualTo(plain[0] + 51);
    }

    @Test
    void windowWidthZeroFallsBackToMinMax() {
        DisplayAttributes a = attributes(
                "\"00281050\":{\"vr\":\"DS\",\"Value\":[100]}," + "\"00281051\":{\"vr\":\"DS\",\"Value\":[0]}");
        assertThat(greys(a, 200, 300, 400)).containsExactly(0, 128, 255);
        for (DisplayPreset preset : DisplayPreset.values()) {
            assertThat(greys(a, DEFAULT.withPreset(preset), 200, 400)).hasSize(2);
        }
    }

    @Test
    void sigmoidIsHalfGreyAtTheCentre() {
        DisplayAttributes a = attributes("\"00281050\":{\"vr\":\"DS\",\"Value\":[1000]},"
                + "\"00281051\":{\"vr\":\"DS\",\"Value\":[400]},"
                + "\"00281056\":{\"vr\":\"CS\",\"Value\":[\"SIGMOID\"]}");
        // 255 / (1 + e^-2) = 224.5 at c + w/2
        assertThat(greys(a, 1000, 1200)).containsExactly(128, 225);
    }

    @Test
    void voiLutSequenceGivenInlineIsUsedOverTheWindow() {
        byte[] lut = new byte[8];
        int[] values = {0, 1000, 3000, 4095};
        for (int i = 0; i < 4; i++) {
            lut[2 * i] = (byte) values[i];
            lut[2 * i + 1] = (byte) (values[i] >> 8);
        }
        DisplayAttributes a = attributes("\"00281050\":{\"vr\":\"DS\",\"Value\":[0]},"
                + "\"00281051\":{\"vr\":\"DS\",\"Value\":[2]},"
                + "\"00283010\":{\"vr\":\"SQ\",\"Value\":[{\"00283002\":{\"vr\":\"US\",\"Value\":[4,10,12]},"
                + "\"00283006\":{\"vr\":\"OW\",\"InlineBinary\":\""
                + Base64.getEncoder().encodeToString(lut)
                + "\"}}]}");
        // Inputs below the first mapped value take the first entry, above the last the last.
        assertThat(greys(a, 0, 10, 11, 12, 13, 99)).containsExactly(0, 0, 62, 187, 255, 255);
    }

    @Test
    void signedPixelsAreSignExtendedFromBitsStored() {
        DisplayAttributes a = attributes("\"00280101\":{\"vr\":\"US\",\"Value\":[12]},"
                + "\"00280102\":{\"vr\":\"US\",\"Value\":[11]},"
                + "\"00280103\":{\"vr\":\"US\",\"Value\":[1]},"
                + "\"00281050\":{\"vr\":\"DS\",\"Value\":[0.5]},"
                + "\"00281051\":{\"vr\":\"DS\",\"Value\":[2]}");
        // 0x0FFF in 12 bits is -1 (black), 0x0001 is 1 (white); bits above High Bit are ignored.
        assertThat(greys(a, 0x0FFF, 0xF001)).containsExactly(0, 255);
    }

    @Test
    void anExplicitWindowReplacesTheImagesOwn() {
        DisplayAttributes a = attributes(
                "\"00281050\":{\"vr\":\"DS\",\"Value\":[100]}," + "\"00281051\":{\"vr\":\"DS\",\"Value\":[51]}");
        assertThat(greys(a, DEFAULT.withWindow(1000, 1001), 500, 1500)).containsExactly(0, 255);
    }

    @Test
    void colourIsNotForThisRenderer() {
        DisplayAttributes a = attributes(
                "\"00280002\":{\"vr\":\"US\",\"Value\":[3]}," + "\"00280004\":{\"vr\":\"CS\",\"Value\":[\"RGB\"]}");
        assertThat(a.greyscale()).isFalse();
        assertThatThrownBy(() -> GreyscaleRenderer.render(a, new byte[6], DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aShortFrameIsABadResponse() {
        DisplayAttributes a = attributes("");
        assertThatThrownBy(() -> GreyscaleRenderer.render(a, new byte[1], DEFAULT))
                .isInstanceOfSatisfying(
                        PacsException.class, e -> assertThat(e.kind()).isEqualTo(PacsException.Kind.BAD_RESPONSE));
    }

    /** A one-row 16-bit MONOCHROME2 image's attributes, with the extra attributes given as DICOM JSON members. */
    private static DisplayAttributes attributes(String extra) {
        String json = "[{\"00280010\":{\"vr\":\"US\",\"Value\":[1]},\"00280011\":{\"vr\":\"US\",\"Value\":[2]},"
                + "\"00280100\":{\"vr\":\"US\",\"Value\":[16]}"
                + (extra.contains("\"00280004\"") ? "" : ",\"00280004\":{\"vr\":\"CS\",\"Value\":[\"MONOCHROME2\"]}")
                + (extra.contains("\"00280101\"") ? "" : ",\"00280101\":{\"vr\":\"US\",\"Value\":[16]}")
                + (extra.isEmpty() ? "" : "," + extra) + "}]";
        return DisplayAttributes.of(DicomJson.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .getFirst());
    }

    private static int[] greys(DisplayAttributes a, int... stored) {
        return greys(a, DEFAULT, stored);
    }

    /** Renders the stored values one row at a time and reads back the grey levels. */
    private static int[] greys(DisplayAttributes shape, RenderOptions options, int... stored) {
        DisplayAttributes a = new DisplayAttributes(
                1,
                stored.length,
                shape.samplesPerPixel(),
                shape.photometric(),
                shape.planar(),
                shape.bitsAllocated(),
                shape.bitsStored(),
                shape.highBit(),
                shape.signed(),
                shape.rescaleSlope(),
                shape.rescaleIntercept(),
                shape.modalityLut(),
                shape.windowCenter(),
                shape.windowWidth(),
                shape.voiFunction(),
                shape.voiLut());
        byte[] frame = new byte[stored.length * 2];
        for (int i = 0; i < stored.length; i++) {
            frame[2 * i] = (byte) stored[i];
            frame[2 * i + 1] = (byte) (stored[i] >> 8);
        }
        BufferedImage image = GreyscaleRenderer.render(a, frame, options);
        int[] out = new int[stored.length];
        image.getRaster().getPixels(0, 0, stored.length, 1, out);
        return out;
    }
}
