package org.xrayportal.imaging;

/**
 * How to render a frame (DICOM PS3.4 N.2). Without a window the image's own VOI applies (its first Window
 * Centre/Width with its VOI LUT Function, or its VOI LUT Sequence; min-max only when it has neither). An explicit
 * window (centre/width in the units after the modality LUT, DICOM LINEAR function; both or neither) replaces it.
 * The preset then acts on what the patient sees (see {@link DisplayPreset}). The viewport is the largest size wanted;
 * the aspect ratio is kept and small images are not enlarged. Quality (1-100) applies to JPEG only.
 */
public record RenderOptions(
        ImageFormat format,
        Double windowCenter,
        Double windowWidth,
        Integer viewportWidth,
        Integer viewportHeight,
        Integer quality,
        DisplayPreset preset) {

    public static final RenderOptions DEFAULT = new RenderOptions(ImageFormat.JPEG, null, null, null, null, null);

    public RenderOptions(
            ImageFormat format,
            Double windowCenter,
            Double windowWidth,
            Integer viewportWidth,
            Integer viewportHeight,
            Integer quality) {
        this(format, windowCenter, windowWidth, viewportWidth, viewportHeight, quality, DisplayPreset.AS_STORED);
    }

    public RenderOptions {
        if (format == null) {
            format = ImageFormat.JPEG;
        }
        if (preset == null) {
            preset = DisplayPreset.AS_STORED;
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
        return new RenderOptions(format, center, width, viewportWidth, viewportHeight, quality, preset);
    }

    public RenderOptions withFormat(ImageFormat newFormat) {
        return new RenderOptions(newFormat, windowCenter, windowWidth, viewportWidth, viewportHeight, quality, preset);
    }

    public RenderOptions withQuality(int newQuality) {
        return new RenderOptions(format, windowCenter, windowWidth, viewportWidth, viewportHeight, newQuality, preset);
    }

    public RenderOptions withPreset(DisplayPreset newPreset) {
        return new RenderOptions(format, windowCenter, windowWidth, viewportWidth, viewportHeight, quality, newPreset);
    }

    /** True when the image's own VOI applies (no explicit window). */
    public boolean ownWindow() {
        return windowCenter == null;
    }
}
