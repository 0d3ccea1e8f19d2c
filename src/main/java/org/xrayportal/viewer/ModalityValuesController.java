package org.xrayportal.viewer;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.xrayportal.access.StudyAccessPolicy;
import org.xrayportal.access.StudyAccessPolicy.VisibleStudy;
import org.xrayportal.account.Actor;
import org.xrayportal.imaging.ModalityFrame;
import org.xrayportal.imaging.ModalityFrames;
import org.xrayportal.imaging.PacsException;

/**
 * A frame's modality values for the viewer's full-depth brightness and contrast (docs/decisions/0010): the browser
 * shows the rendered JPEG first and loads these behind it, then applies the VOI, MONOCHROME1 and invert itself at
 * every pointer move. Exactly the rules of the frames: parameters checked first (400), the access policy (404 for
 * anything outside the caller's scope), the gateway's ownership checks, the series' VIEW event once per visit (so a
 * drag adds none), then the bytes, {@code no-store}. Format in {@link ModalityValuesEncoding}.
 */
@RestController
@RequestMapping("/patient/studies/{studyUid}/series/{seriesUid}")
@PreAuthorize("hasRole('PATIENT')")
class ModalityValuesController {

    static final MediaType TYPE = MediaType.APPLICATION_OCTET_STREAM;

    private final StudyAccessPolicy policy;
    private final ModalityFrames frames;
    private final ViewAudit audit;

    ModalityValuesController(StudyAccessPolicy policy, ModalityFrames frames, ViewAudit audit) {
        this.policy = policy;
        this.frames = frames;
        this.audit = audit;
    }

    @GetMapping("/instances/{instanceUid}/frames/{frame}/values")
    ResponseEntity<byte[]> values(
            Actor patient,
            @PathVariable String studyUid,
            @PathVariable String seriesUid,
            @PathVariable String instanceUid,
            @PathVariable String frame,
            @RequestParam(name = "size", required = false) String size,
            @RequestHeader(name = HttpHeaders.ACCEPT_ENCODING, required = false) String acceptEncoding,
            HttpServletRequest request) {
        FrameController.requireUids(studyUid, seriesUid, instanceUid);
        int number = FrameController.integer(frame, 1, FrameController.MAX_FRAME);
        int side = FrameController.options(null, null, size).viewportWidth();
        VisibleStudy visible =
                policy.authorize(patient, studyUid).orElseThrow(() -> PacsException.notFound("study not visible"));
        // Read (and ownership confirmed) first, so a series that is not the study's is a 404 without a VIEW event.
        ModalityFrame values = frames.read(visible.identity(), studyUid, seriesUid, instanceUid, number, side);
        audit.seriesSeen(patient, visible, seriesUid, request);
        boolean gzip = acceptEncoding != null
                && acceptEncoding.toLowerCase(java.util.Locale.ROOT).contains("gzip");
        byte[] body = ModalityValuesEncoding.encode(values);
        ResponseEntity.BodyBuilder response = ResponseEntity.ok()
                .cacheControl(CacheControl.noStore().cachePrivate())
                .contentType(TYPE)
                .varyBy(HttpHeaders.ACCEPT_ENCODING);
        if (gzip) {
            response.header(HttpHeaders.CONTENT_ENCODING, "gzip");
            body = ModalityValuesEncoding.gzip(body);
        }
        return response.body(body);
    }
}
