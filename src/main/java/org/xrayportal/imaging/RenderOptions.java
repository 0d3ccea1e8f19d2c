package org.xrayportal.imaging;

/**
 * How to render a frame. Window centre/width use the DICOM linear function; both or neither must be given (neither
 * means the PACS applies the image's own window tags). The viewport is the largest size wanted; the PACS keeps the
 * aspect ratio. Quality (1-100) applies to JPEG only.
 */
public record RenderOptions(
        ImageFormat format,
        Double windowCenter,
        Double windowWidth,
        Integer viewportWidth,
        Integer viewportHeight,
        Integer quality) {

    public static final RenderOptions DEFAULT = new RenderOptions(ImageFormat.JPEG, null, null, null, null, null);

    public RenderOptions {
        if (format == null) {
            format = ImageFormat.JPEG;
        }
        if ((windowCenter == null) != (windowWidth == null)) {
            throw PacsException.invalidRequest("window centre and width must be given together");
        }
        if (windowWidth != null && !(windowWidth >= 1)) {
            throw PacsException.invalidRequest("window width must be at least 1");
        }
        if (windowCenter != null && !Double.isFinite(windowCenter)) {
            throw PacsException.invalidRequest("window centre must be a number");
        }
        if ((viewportWidth == null) != (viewportHeight == null)) {
            throw PacsException.invalidRequest("viewport width and height must be given together");
        }
        if (viewportWidth != null
                && (viewportWidth < 1 || viewportWidth > 8192 || viewportHeight < 1 || viewportHeight > 8192)) {
            throw PacsException.invalidRequest("viewport must be between 1 and 8192 pixels");
        }
        if (quality != null && (quality < 1 || quality > 100)) {
            throw PacsException.invalidRequest("quality must be between 1 and 100");
        }
    }

    public static RenderOptions jpeg(int width, int height) {
        return new RenderOptions(ImageFormat.JPEG, null, null, width, height, null);
    }

    public RenderOptions withWindow(double center, double width) {
        return new RenderOptions(format, center, width, viewportWidth, viewportHeight, quality);
    }

    public RenderOptions withFormat(ImageFormat newFormat) {
        return new RenderOptions(newFormat, windowCenter, windowWidth, viewportWidth, viewportHeight, quality);
    }

    public RenderOptions withQuality(int newQuality) {
        return new RenderOptions(format, windowCenter, windowWidth, viewportWidth, viewportHeight, newQuality);
    }
}
