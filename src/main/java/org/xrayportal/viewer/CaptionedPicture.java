package org.xrayportal.viewer;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.springframework.context.MessageSource;
import org.xrayportal.consent.ClinicText;
import org.xrayportal.imaging.ImageFormat;
import org.xrayportal.imaging.PacsException;

/**
 * The "save picture" image (issue 15): the frame as the patient sees it (inverted when they inverted it) above a white
 * caption strip with the notice, the patient's name and the study date, so that the notice travels with the picture.
 * The pixels come from the PACS's rendering with the patient's window; only inversion and the strip are added here.
 */
final class CaptionedPicture {

    private static final float JPEG_QUALITY = 0.92f;

    private CaptionedPicture() {}

    /**
     * The caption's paragraphs: the clinic's notice (title and its one sentence, the version the page shows), where
     * else to ask about the study, the patient and study date, and where the picture came from. The notice already says
     * "not a diagnosis" and "discuss with your clinician", so the caption does not say it a second time. The notice's
     * body speaks of "this page", so it stays on the page and in print.
     */
    static List<String> caption(
            ClinicText notice, String patientName, String studyDate, MessageSource messages, Locale locale) {
        return List.of(
                notice.title() + ". " + notice.summary(),
                messages.getMessage("viewer.caption.advice", null, locale),
                messages.getMessage("viewer.caption.patient", new Object[] {patientName, studyDate}, locale),
                messages.getMessage("viewer.caption.saved", null, locale));
    }

    static byte[] compose(byte[] rendered, ImageFormat format, boolean invert, List<String> caption) {
        BufferedImage source;
        try {
            source = ImageIO.read(new ByteArrayInputStream(rendered));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (source == null) {
            throw PacsException.badResponse("the PACS sent a picture that cannot be read");
        }
        int width = source.getWidth();
        // Text about 1/60 of the picture's width, never smaller than a readable 14 px.
        int fontSize = Math.max(14, width / 60);
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, fontSize);
        int margin = fontSize;
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D measure = probe.createGraphics();
        FontMetrics metrics = measure.getFontMetrics(font);
        List<String> lines = new ArrayList<>();
        for (String paragraph : caption) {
            lines.addAll(wrap(paragraph, metrics, Math.max(fontSize * 10, width - 2 * margin)));
        }
        measure.dispose();
        int lineHeight = metrics.getHeight();
        int stripHeight = lines.isEmpty() ? 0 : 2 * margin + lines.size() * lineHeight;

        BufferedImage out = new BufferedImage(width, source.getHeight() + stripHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(source, 0, 0, null);
            if (invert) {
                invert(out, source.getHeight());
            }
            g.setColor(Color.WHITE);
            g.fillRect(0, source.getHeight(), width, stripHeight);
            g.setColor(Color.BLACK);
            g.setFont(font);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int y = source.getHeight() + margin + metrics.getAscent();
            for (String line : lines) {
                g.drawString(line, margin, y);
                y += lineHeight;
            }
        } finally {
            g.dispose();
        }
        return encode(out, format);
    }

    private static void invert(BufferedImage image, int height) {
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, ~image.getRGB(x, y) & 0xFFFFFF);
            }
        }
    }

    /** Greedy word wrap; a word longer than the line is cut. */
    static List<String> wrap(String text, FontMetrics metrics, int maxWidth) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split("\\s+")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (metrics.stringWidth(candidate) <= maxWidth) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            if (!line.isEmpty()) {
                lines.add(line.toString());
                line.setLength(0);
            }
            while (metrics.stringWidth(word) > maxWidth && word.length() > 1) {
                int cut = word.length() - 1;
                while (cut > 1 && metrics.stringWidth(word.substring(0, cut)) > maxWidth) {
                    cut--;
                }
                lines.add(word.substring(0, cut));
                word = word.substring(cut);
            }
            line.append(word);
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static byte[] encode(BufferedImage image, ImageFormat format) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (format == ImageFormat.PNG) {
                ImageIO.write(image, "png", bytes);
                return bytes.toByteArray();
            }
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(stream);
                writer.write(null, new IIOImage(image, null, null), param);
            } finally {
                writer.dispose();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
