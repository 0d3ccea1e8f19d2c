package org.xrayportal.imaging;

/** A rendered frame: encoded image bytes (small: a viewport-sized JPEG or PNG) and their format. */
public record RenderedImage(byte[] bytes, ImageFormat format) {

    public RenderedImage {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }
}
