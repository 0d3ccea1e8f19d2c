package org.xrayportal.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.junit.jupiter.api.Test;

/** Area-average fitting, and the renderers' one-pass lookup and averaging against lookup first, then averaging. */
class DecimationTest {

    @Test
    void sizeIsTheLargestThatFitsWithEachSideRoundedAndNeverEnlarged() {
        Decimation d = Decimation.fit(2500, 2048, RenderOptions.jpeg(1024, 1024));
        assertThat(d.width).isEqualTo(1024);
        assertThat(d.height).isEqualTo(839);
        assertThat(Decimation.fit(256, 200, RenderOptions.jpeg(160, 160)).height)
                .isEqualTo(125);
        assertThat(Decimation.fit(200, 100, RenderOptions.jpeg(1024, 1024)).identity())
                .isTrue();
        assertThat(Decimation.fit(200, 100, RenderOptions.DEFAULT).identity()).isTrue();
    }

    @Test
    void everySourcePixelBelongsToExactlyOneOutputPixel() {
        Decimation d = Decimation.fit(2500, 2048, RenderOptions.jpeg(1024, 1024));
        int columns = 0;
        for (int c : d.columns) {
            assertThat(c).isBetween(2, 3);
            columns += c;
        }
        assertThat(columns).isEqualTo(2500);
        for (int y = 0; y < d.height; y++) {
            assertThat(d.rows(y)).isBetween(2, 3);
        }
        assertThat(d.rowStart[0]).isZero();
        assertThat(d.rowStart[d.height]).isEqualTo(2048);
    }

    @Test
    void greyPixelsAreTheRoundedMeansOfTheirBoxes() {
        BufferedImage image = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        byte[] values = {0, 10, (byte) 200, (byte) 255, 1, 2, (byte) 250, (byte) 255};
        System.arraycopy(values, 0, data, 0, values.length);
        BufferedImage out = Decimation.apply(image, RenderOptions.jpeg(2, 2));
        int[] greys = out.getRaster().getPixels(0, 0, 2, 1, (int[]) null);
        assertThat(greys).containsExactly(3, 240); // (0+10+1+2)/4 = 3.25, (200+255+250+255)/4 = 240
    }

    @Test
    void rgbChannelsAreAveragedSeparately() {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xff0010);
        image.setRGB(1, 0, 0x00ff21);
        BufferedImage out = Decimation.apply(image, RenderOptions.jpeg(1, 1));
        assertThat(out.getRGB(0, 0) & 0xffffff).isEqualTo(0x808019);
    }

    @Test
    void greyscaleRenderedIntoTheViewportEqualsRenderingThenFitting() {
        int columns = 517;
        int rows = 389;
        byte[] frame = new byte[columns * rows * 2];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                int v = (x * 13 + y * 7 + (x * y) % 97) % 4096;
                frame[2 * (y * columns + x)] = (byte) v;
                frame[2 * (y * columns + x) + 1] = (byte) (v >> 8);
            }
        }
        for (String photometric : new String[] {"MONOCHROME1", "MONOCHROME2"}) {
            DisplayAttributes a = new DisplayAttributes(
                    rows,
                    columns,
                    1,
                    photometric,
                    false,
                    16,
                    12,
                    11,
                    false,
                    1,
                    0,
                    null,
                    2000.0,
                    1500.0,
                    "LINEAR",
                    null);
            for (DisplayPreset preset : DisplayPreset.values()) {
                RenderOptions full = RenderOptions.DEFAULT.withPreset(preset);
                RenderOptions fitted = RenderOptions.jpeg(200, 200).withPreset(preset);
                BufferedImage once = GreyscaleRenderer.render(a, frame, fitted);
                BufferedImage twice = Decimation.apply(GreyscaleRenderer.render(a, frame, full), fitted);
                assertThat(once.getWidth()).isEqualTo(200);
                assertThat(grey(once)).as(photometric + " " + preset).isEqualTo(grey(twice));
            }
        }
    }

    @Test
    void colourRenderedIntoTheViewportEqualsRenderingThenFitting() {
        int columns = 301;
        int rows = 203;
        byte[] frame = new byte[columns * rows * 3];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) (i * 31 % 251);
        }
        DisplayAttributes a = new DisplayAttributes(
                rows, columns, 3, "YBR_FULL", false, 8, 8, 7, false, 1, 0, null, null, null, "LINEAR", null);
        RenderOptions fitted = RenderOptions.jpeg(128, 128).withPreset(DisplayPreset.DARKER);
        BufferedImage once = ColourRenderer.render(a, frame, fitted);
        BufferedImage twice = Decimation.apply(ColourRenderer.render(a, frame, DisplayPreset.DARKER), fitted);
        assertThat(once.getRGB(0, 0, 128, 86, null, 0, 128)).isEqualTo(twice.getRGB(0, 0, 128, 86, null, 0, 128));
    }

    private static byte[] grey(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }
}
