package org.xrayportal.imaging;

/** The media types a rendered frame can be requested in. */
public enum ImageFormat {
    JPEG("image/jpeg"),
    PNG("image/png");

    private final String mediaType;

    ImageFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }
}
