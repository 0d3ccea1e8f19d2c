package org.xrayportal.viewer;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.xrayportal.access.StudyAccessPolicy;
import org.xrayportal.access.StudyAccessPolicy.VisibleStudy;
import org.xrayportal.account.Actor;
import org.xrayportal.imaging.DicomUid;
import org.xrayportal.imaging.DisplayPreset;
import org.xrayportal.imaging.PacsException;
import org.xrayportal.imaging.PacsGateway;
import org.xrayportal.imaging.RenderOptions;
import org.xrayportal.imaging.RenderedImage;

/**
 * Series thumbnails and rendered frames, always through the portal. Every request: parameters checked (400 before any
 * PACS call), the access policy (404 for anything outside the caller's scope), the gateway's ownership checks (or a
 * cache entry that holds them), the VIEW event, and only then the bytes, marked {@code no-store}.
 */
@RestController
@RequestMapping("/patient/studies/{studyUid}/series/{seriesUid}")
@PreAuthorize("hasRole('PATIENT')")
class FrameController {

    /**
     * Frames are rendered to fit a square of this many pixels, in the image's own proportions and never enlarged (the
     * gateway sizes the PACS's viewport to the image and the portal's own renderings are fitted the same way, so no
     * padding); sizes are rounded up to a step to share the cache.
     */
    static final int MIN_SIZE = 64;

    static final int MAX_SIZE = 2048;
    static final int SIZE_STEP = 128;
    static final int DEFAULT_SIZE = 1024;
    static final int MAX_FRAME = 10_000;
    static final double MAX_WINDOW = 1_000_000;

    private final StudyAccessPolicy policy;
    private final PacsGateway pacs;
    private final FrameCache cache;
    private final ViewAudit audit;
    private final int thumbnailSize;

    FrameController(
            StudyAccessPolicy policy,
            PacsGateway pacs,
            FrameCache cache,
            ViewAudit audit,
            ViewerProperties properties) {
        this.policy = policy;
        this.pacs = pacs;
        this.cache = cache;
        this.audit = audit;
        this.thumbnailSize = properties.thumbnailSize();
    }

    @GetMapping("/thumbnail")
    ResponseEntity<byte[]> thumbnail(
            Actor patient, @PathVariable String studyUid, @PathVariable String seriesUid, HttpServletRequest request) {
        requireUids(studyUid, seriesUid);
        VisibleStudy visible = visibleOrNotFound(patient, studyUid);
        RenderOptions options = RenderOptions.jpeg(thumbnailSize, thumbnailSize);
        RenderedImage image;
        try {
            image = cache.get(
                    new FrameCache.Key(visible.identity(), studyUid, seriesUid, null, 0, options),
                    () -> pacs.thumbnail(visible.identity(), studyUid, seriesUid, thumbnailSize));
        } catch (PacsException e) {
            if (!e.isObjectFailure()) {
                throw e;
            }
            // The PACS cannot render this series' image: a placeholder, and a record staff can find.
            audit.unviewable(patient, visible, seriesUid, null, request);
            return ResponseEntity.ok()
                    .cacheControl(CacheControl.noStore().cachePrivate())
                    .contentType(MediaType.IMAGE_PNG)
                    .body(UnviewablePlaceholder.png());
        }
        audit.studySeen(patient, visible, request);
        return send(image);
    }

    @GetMapping("/instances/{instanceUid}/frames/{frame}")
    ResponseEntity<byte[]> frame(
            Actor patient,
            @PathVariable String studyUid,
            @PathVariable String seriesUid,
            @PathVariable String instanceUid,
            @PathVariable String frame,
            @RequestParam(name = "wc", required = false) String windowCenter,
            @RequestParam(name = "ww", required = false) String windowWidth,
            @RequestParam(name = "size", required = false) String size,
            @RequestParam(name = "preset", required = false) String preset,
            HttpServletRequest request) {
        requireUids(studyUid, seriesUid, instanceUid);
        int number = integer(frame, 1, MAX_FRAME);
        RenderOptions options = options(windowCenter, windowWidth, size).withPreset(preset(preset));
        VisibleStudy visible = visibleOrNotFound(patient, studyUid);
        // Rendered (or found in the cache) first, so a series that is not the study's is a 404 without a VIEW event;
        // the event is written before the bytes leave.
        RenderedImage image;
        try {
            image = cache.get(
                    new FrameCache.Key(visible.identity(), studyUid, seriesUid, instanceUid, number, options),
                    () -> pacs.renderFrame(visible.identity(), studyUid, seriesUid, instanceUid, number, options));
        } catch (PacsException e) {
            if (e.isObjectFailure()) {
                // 422 with the permanent "cannot be shown in the browser" message (PacsErrorPages).
                audit.unviewable(patient, visible, seriesUid, instanceUid, request);
            }
            throw e;
        }
        audit.seriesSeen(patient, visible, seriesUid, request);
        return send(image);
    }

    static RenderOptions options(String windowCenter, String windowWidth, String size) {
        int side = size == null || size.isEmpty() ? DEFAULT_SIZE : integer(size, MIN_SIZE, MAX_SIZE);
        side = Math.min(MAX_SIZE, (side + SIZE_STEP - 1) / SIZE_STEP * SIZE_STEP);
        RenderOptions options = RenderOptions.jpeg(side, side).withQuality(90);
        boolean hasCenter = windowCenter != null && !windowCenter.isEmpty();
        boolean hasWidth = windowWidth != null && !windowWidth.isEmpty();
        if (hasCenter != hasWidth) {
            throw badRequest();
        }
        if (hasCenter) {
            double center = decimal(windowCenter, -MAX_WINDOW, MAX_WINDOW);
            double width = decimal(windowWidth, 1, MAX_WINDOW);
            // Rounded, so that nearby slider positions share cache entries and the PACS sees plain numbers.
            options = options.withWindow(Math.round(center * 10) / 10.0, Math.round(width * 10) / 10.0);
        }
        return options;
    }

    /** A preset by its name; none is "as stored". */
    static DisplayPreset preset(String name) {
        if (name == null || name.isEmpty()) {
            return DisplayPreset.AS_STORED;
        }
        return DisplayPreset.byId(name).orElseThrow(FrameController::badRequest);
    }

    VisibleStudy visibleOrNotFound(Actor patient, String studyUid) {
        return policy.authorize(patient, studyUid).orElseThrow(() -> PacsException.notFound("study not visible"));
    }

    private static ResponseEntity<byte[]> send(RenderedImage image) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore().cachePrivate())
                .contentType(MediaType.parseMediaType(image.format().mediaType()))
                .body(image.bytes());
    }

    static void requireUids(String... uids) {
        for (String uid : uids) {
            if (!DicomUid.isValid(uid)) {
                throw badRequest();
            }
        }
    }

    static int integer(String value, int min, int max) {
        if (value == null || value.length() > 6 || !value.chars().allMatch(Character::isDigit) || value.isEmpty()) {
            throw badRequest();
        }
        int n = Integer.parseInt(value);
        if (n < min || n > max) {
            throw badRequest();
        }
        return n;
    }

    private static double decimal(String value, double min, double max) {
        if (value.length() > 20 || !value.matches("-?[0-9]+(\\.[0-9]+)?")) {
            throw badRequest();
        }
        double d = Double.parseDouble(value);
        if (d < min || d > max) {
            throw badRequest();
        }
        return d;
    }

    private static ResponseStatusException badRequest() {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST);
    }
}
