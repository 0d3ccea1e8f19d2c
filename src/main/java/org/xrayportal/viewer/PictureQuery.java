package org.xrayportal.viewer;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.xrayportal.imaging.ImageFormat;
import org.xrayportal.imaging.RenderOptions;

/**
 * The "save picture" query ({@link DownloadController}): the image as the patient sees it, bound from the query
 * parameters. A value of the wrong type ({@code frame=one}, {@code invert=2}) or out of range ({@code frame=0},
 * {@code format=gif}) is a 400, like any malformed request.
 *
 * @param format {@code jpeg} (default, also {@code jpg}) or {@code png}
 * @param frame the frame of a multi-frame image, from 1 (default)
 * @param windowCenter the patient's window centre, with {@code windowWidth} or not at all
 * @param windowWidth the patient's window width, at least 1
 * @param invert whether the patient inverted the image
 * @param caption whether to add the strip with the notice, the patient's name and the study date
 * @param preset a display preset ({@link FrameController#preset}), none for "as stored"
 */
record PictureQuery(
        @Pattern(regexp = "jpe?g|png", flags = Pattern.Flag.CASE_INSENSITIVE)
        String format,

        @Min(1) Integer frame,
        Double windowCenter,
        Double windowWidth,
        Boolean invert,
        Boolean caption,
        String preset) {

    PictureQuery {
        format = format == null ? "jpeg" : format;
        frame = frame == null ? 1 : frame;
        invert = Boolean.TRUE.equals(invert);
        caption = Boolean.TRUE.equals(caption);
    }

    ImageFormat imageFormat() {
        return "png".equalsIgnoreCase(format) ? ImageFormat.PNG : ImageFormat.JPEG;
    }

    /** The rendering the patient saw; a window that is not two finite numbers is a 400 (by {@link RenderOptions}). */
    RenderOptions renderOptions() {
        if (!finiteOrAbsent(windowCenter) || !finiteOrAbsent(windowWidth)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "window values must be numbers");
        }
        return new RenderOptions(
                imageFormat(), windowCenter, windowWidth, null, null, null, FrameController.preset(preset));
    }

    private static boolean finiteOrAbsent(Double value) {
        return value == null || Double.isFinite(value);
    }
}
