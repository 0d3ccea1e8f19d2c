package org.xrayportal.viewer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.server.ResponseStatusException;
import org.xrayportal.access.StudyAccessPolicy;
import org.xrayportal.access.StudyAccessPolicy.VisibleStudy;
import org.xrayportal.account.Actor;
import org.xrayportal.imaging.DicomUid;
import org.xrayportal.imaging.PacsException;
import org.xrayportal.imaging.PacsGateway;
import org.xrayportal.imaging.StructuredReport;

/**
 * The documents of a study that are not images (issue 11): a structured report shown as text on a page of its own,
 * with the clinical notice; an encapsulated PDF sent as the PDF it holds. Both go through the access policy (404 for
 * anything outside the caller's scope, or an object of another kind), the gateway's ownership checks and a VIEW event
 * before the content leaves.
 */
@Controller
@RequestMapping("/patient/studies/{studyUid}/series/{seriesUid}/instances/{instanceUid}")
@PreAuthorize("hasRole('PATIENT')")
class DocumentController {

    private static final Logger log = LoggerFactory.getLogger(DocumentController.class);

    /**
     * The PDF's own policy: {@code sandbox} keeps any script or form in it away from the portal's origin should a
     * browser show it; the response is a download (Chromium refuses to show a PDF under {@code sandbox}), opened by
     * the patient's own PDF reader.
     */
    static final String PDF_POLICY = "sandbox; default-src 'none'; frame-ancestors 'none'";

    private final StudyAccessPolicy policy;
    private final PacsGateway pacs;
    private final ViewAudit audit;

    DocumentController(StudyAccessPolicy policy, PacsGateway pacs, ViewAudit audit) {
        this.policy = policy;
        this.pacs = pacs;
        this.audit = audit;
    }

    @GetMapping("/report")
    String report(
            Actor patient,
            @PathVariable String studyUid,
            @PathVariable String seriesUid,
            @PathVariable String instanceUid,
            HttpServletRequest request,
            Model model) {
        requireUids(studyUid, seriesUid, instanceUid);
        VisibleStudy visible = visibleOrNotFound(patient, studyUid);
        StructuredReport report;
        try {
            report = pacs.report(visible.identity(), studyUid, seriesUid, instanceUid);
        } catch (PacsException e) {
            throw unavailable(e, DocumentKind.REPORT, patient, visible, seriesUid, instanceUid, request);
        }
        audit.documentSeen(patient, visible, seriesUid, instanceUid, request);
        model.addAttribute("study", visible.study());
        model.addAttribute("report", report);
        return "viewer/report";
    }

    @GetMapping("/pdf")
    ResponseEntity<byte[]> pdf(
            Actor patient,
            @PathVariable String studyUid,
            @PathVariable String seriesUid,
            @PathVariable String instanceUid,
            HttpServletRequest request) {
        requireUids(studyUid, seriesUid, instanceUid);
        VisibleStudy visible = visibleOrNotFound(patient, studyUid);
        byte[] pdf;
        try {
            pdf = pacs.pdf(visible.identity(), studyUid, seriesUid, instanceUid);
        } catch (PacsException e) {
            throw unavailable(e, DocumentKind.PDF, patient, visible, seriesUid, instanceUid, request);
        }
        audit.documentSeen(patient, visible, seriesUid, instanceUid, request);
        LocalDate date = visible.study().studyDate();
        String name = "document" + (date == null ? "" : "-" + date) + ".pdf";
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore().cachePrivate())
                .contentType(MediaType.APPLICATION_PDF)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name).build().toString())
                .header("Content-Security-Policy", PDF_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .body(pdf);
    }

    /**
     * A document the PACS cannot provide (it answered for this one object with a status that will not change): a 422
     * page worded for a document, not for an image, with the way back to the study; recorded as an object the patient
     * cannot view, like an image the PACS cannot render. Outages, timeouts and objects of another kind keep their
     * usual pages (PacsErrorPages).
     */
    @ExceptionHandler(DocumentUnavailable.class)
    String documentUnavailable(DocumentUnavailable e, Model model, HttpServletResponse response) {
        log.warn("PACS cannot provide a {} ({})", e.kind, e.getCause().getMessage());
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        model.addAttribute("studyUid", e.studyUid);
        model.addAttribute("kind", e.kind.name());
        return "viewer/document-unavailable";
    }

    private RuntimeException unavailable(
            PacsException e,
            DocumentKind kind,
            Actor patient,
            VisibleStudy visible,
            String seriesUid,
            String instanceUid,
            HttpServletRequest request) {
        if (!e.isObjectFailure()) {
            return e;
        }
        audit.unviewable(patient, visible, seriesUid, instanceUid, request);
        return new DocumentUnavailable(kind, visible.study().studyInstanceUid(), e);
    }

    /** The documents this controller sends; its names complete the keys document.unavailable.*. */
    enum DocumentKind {
        REPORT,
        PDF
    }

    private static final class DocumentUnavailable extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final DocumentKind kind;
        private final String studyUid;

        DocumentUnavailable(DocumentKind kind, String studyUid, PacsException cause) {
            super(cause.getMessage(), cause);
            this.kind = kind;
            this.studyUid = studyUid;
        }
    }

    private VisibleStudy visibleOrNotFound(Actor patient, String studyUid) {
        return policy.authorize(patient, studyUid).orElseThrow(() -> PacsException.notFound("study not visible"));
    }

    private static void requireUids(String... uids) {
        for (String uid : uids) {
            if (!DicomUid.isValid(uid)) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
            }
        }
    }
}
