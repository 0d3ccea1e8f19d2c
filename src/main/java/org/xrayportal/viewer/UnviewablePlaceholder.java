package org.xrayportal.viewer;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * The thumbnail shown for a series whose image the PACS cannot render: a plain picture-frame symbol, no text (the page
 * says what it means, in the patient's language). Drawn once.
 */
final class UnviewablePlaceholder {

    private static final byte[] PNG = draw(160);

    private UnviewablePlaceholder() {}

    static byte[] png() {
        return PNG.clone();
    }

    private static byte[] draw(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(0xE8E8E8));
            g.fillRect(0, 0, size, size);
            g.setColor(new Color(0x6B6B6B));
            g.setStroke(new BasicStroke(size / 32f));
            int m = size / 4;
            g.drawRect(m, m, size - 2 * m, size - 2 * m);
            g.drawLine(m, size - m, size - m, m);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
