package org.xrayportal.sharing;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.xrayportal.access.StudyAccessPolicy.VisibleStudy;
import org.xrayportal.imaging.DicomUid;
import org.xrayportal.imaging.Instance;
import org.xrayportal.imaging.PacsException;
import org.xrayportal.imaging.PacsGateway;
import org.xrayportal.imaging.RenderedImage;
import org.xrayportal.imaging.Series;
import org.xrayportal.imaging.Study;
import org.xrayportal.viewer.StudyImages;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The share-scoped, read-only DICOMweb endpoint a SMART Health Link's Endpoint resource names: QIDO-RS for the shared
 * studies, their series and instances; WADO-RS rendered frames through the portal's own renderer (the share viewer's
 * code path and frame cache); and, only where the share allows downloads, WADO-RS retrieve of a study's original files
 * as they are stored. Every request presents the manifest's bearer token, checked with its share (an ended share answers
 * 401 at once) and then the patient's access rules for the study, as the recipient's pages do; anything outside the
 * share answers 404. Views and retrieves are audited like the recipient's (once per token for a study, once per series).
 */
@RestController
@RequestMapping(SmartHealthLinks.DICOMWEB_PATH)
@CrossOrigin(origins = "*", allowCredentials = "false", exposedHeaders = "WWW-Authenticate")
class ShareDicomWebController {

    static final MediaType DICOM_JSON = MediaType.parseMediaType("application/dicom+json");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    private final SmartHealthLinks links;
    private final StudyImages images;
    private final PacsGateway pacs;

    ShareDicomWebController(SmartHealthLinks links, StudyImages images, PacsGateway pacs) {
        this.links = links;
        this.images = images;
        this.pacs = pacs;
    }

    /** Thrown when the bearer token is missing, unknown, expired, or its share has ended. */
    static final class Unauthorized extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unauthorized() {
            super("no live share for this token", null, false, false);
        }
    }

    @GetMapping("/studies")
    ResponseEntity<String> studies(HttpServletRequest request) {
        SmartHealthLinks.Caller caller = caller(request);
        List<VisibleStudy> visible = links.visibleStudies(caller, request.getRemoteAddr());
        if (visible.isEmpty()) {
            throw new Unauthorized(); // nothing the patient's access rules still admit: the share has ended
        }
        ArrayNode answer = JSON.createArrayNode();
        for (VisibleStudy study : visible) {
            studyAttributes(answer.addObject(), study.study());
        }
        return json(answer);
    }

    @GetMapping("/studies/{studyUid}/series")
    ResponseEntity<String> series(@PathVariable String studyUid, HttpServletRequest request) {
        SmartHealthLinks.Caller caller = caller(request);
        VisibleStudy visible = visible(caller, studyUid, request);
        List<Series> series = pacs.listSeries(visible.identity(), studyUid);
        links.viewed(caller, visible, null, request.getRemoteAddr());
        ArrayNode answer = JSON.createArrayNode();
        for (Series s : series) {
            ObjectNode node = answer.addObject();
            put(node, "0020000D", "UI", studyUid);
            put(node, "0020000E", "UI", s.seriesInstanceUid());
            put(node, "00080060", "CS", s.modality());
            if (s.seriesNumber() != null) {
                putNumber(node, "00200011", "IS", s.seriesNumber());
            }
            put(node, "0008103E", "LO", s.description());
            putNumber(node, "00201209", "IS", s.numberOfInstances());
        }
        return json(answer);
    }

    @GetMapping("/studies/{studyUid}/series/{seriesUid}/instances")
    ResponseEntity<String> instances(
            @PathVariable String studyUid, @PathVariable String seriesUid, HttpServletRequest request) {
        SmartHealthLinks.Caller caller = caller(request);
        VisibleStudy visible = visible(caller, studyUid, request);
        requireUid(seriesUid);
        List<Instance> instances = pacs.listInstances(visible.identity(), studyUid, seriesUid);
        links.viewed(caller, visible, null, request.getRemoteAddr());
        ArrayNode answer = JSON.createArrayNode();
        for (Instance instance : instances) {
            ObjectNode node = answer.addObject();
            put(node, "00080016", "UI", instance.sopClassUid());
            put(node, "00080018", "UI", instance.sopInstanceUid());
            put(node, "0020000D", "UI", studyUid);
            put(node, "0020000E", "UI", seriesUid);
            if (instance.instanceNumber() != null) {
                putNumber(node, "00200013", "IS", instance.instanceNumber());
            }
            if (instance.rows() != null) {
                putNumber(node, "00280010", "US", instance.rows());
            }
            if (instance.columns() != null) {
                putNumber(node, "00280011", "US", instance.columns());
            }
            putNumber(node, "00280008", "IS", instance.numberOfFrames());
        }
        return json(answer);
    }

    @GetMapping("/studies/{studyUid}/series/{seriesUid}/instances/{instanceUid}/frames/{frame}/rendered")
    ResponseEntity<byte[]> rendered(
            @PathVariable String studyUid,
            @PathVariable String seriesUid,
            @PathVariable String instanceUid,
            @PathVariable String frame,
            HttpServletRequest request) {
        SmartHealthLinks.Caller caller = caller(request);
        VisibleStudy visible = visible(caller, studyUid, request);
        RenderedImage image = images.frame(visible, seriesUid, instanceUid, frame, null, null, null, null);
        links.viewed(caller, visible, seriesUid, request.getRemoteAddr());
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore().cachePrivate())
                .contentType(MediaType.parseMediaType(image.format().mediaType()))
                .body(image.bytes());
    }

    @GetMapping("/studies/{studyUid}/series/{seriesUid}/instances/{instanceUid}/rendered")
    ResponseEntity<byte[]> renderedInstance(
            @PathVariable String studyUid,
            @PathVariable String seriesUid,
            @PathVariable String instanceUid,
            HttpServletRequest request) {
        return rendered(studyUid, seriesUid, instanceUid, "1", request);
    }

    /**
     * WADO-RS retrieve of the study: its original instances, byte for byte as the PACS stores them, as {@code
     * multipart/related; type="application/dicom"}. Only where the share allows downloads (404 otherwise, as the
     * share's ZIP); audited before the first byte.
     */
    @GetMapping("/studies/{studyUid}")
    void retrieve(@PathVariable String studyUid, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        SmartHealthLinks.Caller caller = caller(request);
        VisibleStudy visible = visible(caller, studyUid, request);
        if (!caller.share().allowDownload()) {
            throw PacsException.notFound("downloads not allowed by this share");
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept != null && !accept.contains("multipart/related") && !accept.contains("*/*")) {
            throw new ResponseStatusException(org.springframework.http.HttpStatus.NOT_ACCEPTABLE);
        }
        links.retrieving(caller, visible, request.getRemoteAddr(), request.getHeader(HttpHeaders.USER_AGENT));
        String boundary = SmartHealthLinkSecrets.newSecret();
        byte[] partHeader =
                ("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        response.setContentType("multipart/related; type=\"application/dicom\"; boundary=" + boundary);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        OutputStream out = response.getOutputStream();
        try {
            pacs.retrieveStudy(visible.identity(), studyUid, (index, dicom) -> {
                out.write(partHeader);
                dicom.transferTo(out);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            });
            out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        } catch (UncheckedIOException e) {
            // the app went away: nothing to answer to
        } catch (PacsException e) {
            if (!response.isCommitted()) {
                response.reset();
            }
            throw e;
        }
    }

    @ExceptionHandler(Unauthorized.class)
    ResponseEntity<String> unauthorized() {
        return ResponseEntity.status(401)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .cacheControl(CacheControl.noStore())
                .contentType(MediaType.APPLICATION_JSON)
                .body("{}");
    }

    @ExceptionHandler(PacsException.class)
    ResponseEntity<String> pacsFailure(PacsException e) {
        return ResponseEntity.status(e.httpStatus())
                .cacheControl(CacheControl.noStore())
                .contentType(MediaType.APPLICATION_JSON)
                .body("{}");
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<String> badRequest(ResponseStatusException e) {
        return ResponseEntity.status(e.getStatusCode())
                .cacheControl(CacheControl.noStore())
                .contentType(MediaType.APPLICATION_JSON)
                .body("{}");
    }

    private SmartHealthLinks.Caller caller(HttpServletRequest request) {
        return links.caller(request.getHeader(HttpHeaders.AUTHORIZATION)).orElseThrow(Unauthorized::new);
    }

    private VisibleStudy visible(SmartHealthLinks.Caller caller, String studyUid, HttpServletRequest request) {
        if (!DicomUid.isValid(studyUid)) {
            throw PacsException.notFound("not shared");
        }
        Optional<VisibleStudy> visible = links.authorize(caller, studyUid, request.getRemoteAddr());
        return visible.orElseThrow(() -> PacsException.notFound("not shared"));
    }

    private static void requireUid(String uid) {
        if (!DicomUid.isValid(uid)) {
            throw PacsException.notFound("not shared");
        }
    }

    private static void studyAttributes(ObjectNode node, Study study) {
        if (study.studyDate() != null) {
            put(node, "00080020", "DA", study.studyDate().format(DA));
        }
        put(node, "00080050", "SH", study.accessionNumber());
        if (!study.modalities().isEmpty()) {
            ArrayNode values = node.putObject("00080061").put("vr", "CS").putArray("Value");
            study.modalities().forEach(values::add);
        }
        put(node, "00081030", "LO", study.description());
        if (study.patientName() != null) {
            node.putObject("00100010")
                    .put("vr", "PN")
                    .putArray("Value")
                    .addObject()
                    .put("Alphabetic", study.patientName());
        }
        if (study.patientBirthDate() != null) {
            put(node, "00100030", "DA", study.patientBirthDate().format(DA));
        }
        put(node, "0020000D", "UI", study.studyInstanceUid());
        putNumber(node, "00201206", "IS", study.numberOfSeries());
        putNumber(node, "00201208", "IS", study.numberOfInstances());
    }

    private static void put(ObjectNode node, String tag, String vr, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        node.putObject(tag).put("vr", vr).putArray("Value").add(value);
    }

    private static void putNumber(ObjectNode node, String tag, String vr, int value) {
        node.putObject(tag).put("vr", vr).putArray("Value").add(value);
    }

    private static ResponseEntity<String> json(ArrayNode answer) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore().cachePrivate())
                .contentType(DICOM_JSON)
                .body(JSON.writeValueAsString(answer));
    }
}
