package org.xrayportal.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Colour frames the PACS would not render, and the preset names the viewer sends. */
class ColourRendererTest {

    @Test
    void ybrFullIsConvertedToRgb() {
        // Y=128 with neutral chroma is mid grey; Cr=255 pushes red up and green down (PS3.3 C.7.6.3.1.2).
        BufferedImage image = ColourRenderer.render(
                colour("YBR_FULL", false),
                new byte[] {(byte) 128, (byte) 128, (byte) 128, 76, 85, (byte) 255},
                DisplayPreset.AS_STORED);
        assertThat(image.getRGB(0, 0) & 0xffffff).isEqualTo(0x808080);
        assertThat(image.getRGB(1, 0) & 0xffffff).isEqualTo(0xfe0000);
    }

    @Test
    void planarRgbIsReadPlaneByPlaneAndPresetsActOnEachLevel() {
        byte[] planes = {10, 20, 30, 40, 50, 60};
        BufferedImage plain = ColourRenderer.render(colour("RGB", true), planes, DisplayPreset.AS_STORED);
        BufferedImage brighter = ColourRenderer.render(colour("RGB", true), planes, DisplayPreset.BRIGHTER);
        assertThat(plain.getRGB(0, 0) & 0xffffff).isEqualTo(0x0a1e32);
        assertThat(plain.getRGB(1, 0) & 0xffffff).isEqualTo(0x14283c);
        assertThat(brighter.getRGB(0, 0) & 0xffffff).isEqualTo(0x3d5165);
    }

    @Test
    void presetNamesIncludeTheViewersDefault() {
        assertThat(DisplayPreset.byId("default")).contains(DisplayPreset.AS_STORED);
        assertThat(DisplayPreset.byId("More-Contrast")).contains(DisplayPreset.MORE_CONTRAST);
        assertThat(DisplayPreset.byId("sepia")).isEmpty();
        assertThat(DisplayPreset.byId(null)).isEmpty();
        assertThat(DisplayPreset.DARKER.apply(0.1)).isZero();
        assertThat(DisplayPreset.LESS_CONTRAST.apply(1)).isCloseTo(0.8125, org.assertj.core.data.Offset.offset(1e-9));
    }

    private static DisplayAttributes colour(String photometric, boolean planar) {
        return new DisplayAttributes(
                1, 2, 3, photometric, planar, 8, 8, 7, false, 1, 0, null, null, null, "LINEAR", null);
    }
}
