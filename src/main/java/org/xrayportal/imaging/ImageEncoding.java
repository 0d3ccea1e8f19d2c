package org.xrayportal.imaging;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Fitting a displayed image into the viewport and encoding it as JPEG or PNG, with the JDK's ImageIO. */
final class ImageEncoding {

    private ImageEncoding() {}

    /** The image scaled down (never up) to fit the viewport, keeping its aspect ratio, by area averaging. */
    static BufferedImage fit(BufferedImage image, RenderOptions options) {
        return Decimation.apply(image, options);
    }

    static RenderedImage encode(BufferedImage image, RenderOptions options) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String formatName = options.format() == ImageFormat.PNG ? "png" : "jpeg";
        ImageWriter writer = ImageIO.getImageWritersByFormatName(formatName).next();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (options.format() == ImageFormat.JPEG) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality((options.quality() == null ? 90 : options.quality()) / 100f);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return new RenderedImage(bytes.toByteArray(), options.format());
    }

    /** An image the PACS rendered, as 8-bit RGB or grey (any alpha dropped). */
    static BufferedImage decode(byte[] encoded) {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(encoded));
        } catch (IOException e) {
            throw PacsException.badResponse("the PACS sent an image that cannot be read", e);
        }
        if (image == null) {
            throw PacsException.badResponse("the PACS sent an image in an unknown format");
        }
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY || image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    /** The preset applied to every grey or red/green/blue level of an already displayed image. */
    static BufferedImage withPreset(BufferedImage image, DisplayPreset preset) {
        if (preset == DisplayPreset.AS_STORED) {
            return image;
        }
        int[] table = new int[256];
        for (int i = 0; i < 256; i++) {
            table[i] = (int) Math.round(preset.apply(i / 255.0) * 255);
        }
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), image.getType());
        var source = image.getRaster();
        var target = out.getRaster();
        int[] samples = new int[source.getNumBands() * image.getWidth()];
        for (int y = 0; y < image.getHeight(); y++) {
            source.getPixels(0, y, image.getWidth(), 1, samples);
            for (int i = 0; i < samples.length; i++) {
                samples[i] = table[samples[i]];
            }
            target.setPixels(0, y, image.getWidth(), 1, samples);
        }
        return out;
    }
}
