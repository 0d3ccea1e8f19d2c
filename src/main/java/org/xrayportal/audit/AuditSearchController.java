package org.xrayportal.audit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.xrayportal.security.CurrentUser;
import org.xrayportal.security.PortalUser;
import org.xrayportal.system.DisplayTime;
import org.xrayportal.system.ProblemException;

/**
 * The privacy officer's search of the audit trail: filters, pages of 50 newest first, a patient's timeline, and the
 * same search streamed as CSV or as FHIR AuditEvents. Every read is audited first.
 */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class AuditSearchController {

    static final int PAGE_SIZE = 50;

    private final AuditTrail trail;
    private final ConsoleAudit consoleAudit;
    private final DisplayTime displayTime;
    private final ObjectProvider<PatientNames> patientNames;
    private final URI portalAddress;

    AuditSearchController(
            AuditTrail trail,
            ConsoleAudit consoleAudit,
            DisplayTime displayTime,
            ObjectProvider<PatientNames> patientNames,
            @Value("${portal.mail.base-url:http://localhost:8080}") URI portalAddress) {
        this.trail = trail;
        this.consoleAudit = consoleAudit;
        this.displayTime = displayTime;
        this.patientNames = patientNames;
        this.portalAddress = portalAddress;
    }

    @GetMapping("/admin/audit")
    String search(@CurrentUser PortalUser admin, AuditSearchForm form, HttpServletRequest request, Model model) {
        AuditCriteria criteria = form.toCriteria(displayTime.zone());
        int page = form.pageNumber();
        consoleAudit.used(admin.id(), admin.email(), request.getRemoteAddr(), "search", criteria);
        model.addAttribute("form", form);
        model.addAttribute("result", trail.search(criteria, page, PAGE_SIZE));
        model.addAttribute("actionGroups", actionGroups());
        model.addAttribute("outcomes", AuditOutcome.values());
        return "audit/search";
    }

    @GetMapping("/admin/audit/timeline")
    String timeline(@CurrentUser PortalUser admin, AuditSearchForm form, HttpServletRequest request, Model model) {
        if (form.patientId() == null || form.patientId().isBlank()) {
            throw ProblemException.badRequest("audit.error.patientRequired");
        }
        AuditCriteria criteria = form.toCriteria(displayTime.zone());
        AuditCriteria patientOnly = AuditCriteria.forPatient(criteria.patientId(), criteria.issuerOfPatientId());
        consoleAudit.used(admin.id(), admin.email(), request.getRemoteAddr(), "timeline", patientOnly);
        model.addAttribute("form", form);
        model.addAttribute("result", trail.search(patientOnly, form.pageNumber(), PAGE_SIZE));
        // Whom the PatientID belongs to, as the portal knows it (issue 16); never a question to the PACS.
        model.addAttribute(
                "patientNames",
                patientNames
                        .getIfAvailable(() -> (id, issuer) -> List.of())
                        .of(patientOnly.patientId(), patientOnly.issuerOfPatientId()));
        return "audit/timeline";
    }

    @GetMapping("/admin/audit/export.csv")
    void csv(
            @CurrentUser PortalUser admin,
            AuditSearchForm form,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        AuditCriteria criteria = form.toCriteria(displayTime.zone());
        consoleAudit.used(admin.id(), admin.email(), request.getRemoteAddr(), "export-csv", criteria);
        response.setContentType("text/csv; charset=UTF-8");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, attachment("audit-events.csv"));
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        Writer out = response.getWriter();
        Csv.row(
                out,
                "sequence",
                "occurred_at",
                "event_code",
                "event",
                "outcome",
                "actor_id",
                "actor_name",
                "actor_role",
                "client_address",
                "patient_id",
                "issuer_of_patient_id",
                "study_uid",
                "series_uid",
                "instance_uid",
                "details",
                "hash");
        trail.stream(criteria, e -> {
            try {
                Csv.row(
                        out,
                        e.sequence(),
                        e.occurredAt(),
                        e.actionCode(),
                        e.eventInWords(),
                        e.outcomeValue().name(),
                        e.actorId(),
                        e.actorName(),
                        e.actorRole(),
                        e.clientAddress(),
                        e.patientId(),
                        e.issuerOfPatientId(),
                        e.studyUid(),
                        e.seriesUid(),
                        e.instanceUid(),
                        e.details(),
                        e.hash());
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
        out.flush();
    }

    @GetMapping("/admin/audit/fhir")
    void fhir(
            @CurrentUser PortalUser admin,
            AuditSearchForm form,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        AuditCriteria criteria = form.toCriteria(displayTime.zone());
        consoleAudit.used(admin.id(), admin.email(), request.getRemoteAddr(), "export-fhir", criteria);
        response.setContentType("application/fhir+json; charset=UTF-8");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, attachment("audit-events.fhir.json"));
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        FhirAuditEvents bundle = new FhirAuditEvents(response.getWriter(), portalAddress);
        bundle.begin();
        trail.stream(criteria, e -> {
            try {
                bundle.add(e);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
        bundle.end();
    }

    /**
     * The event filter: one group per PS3.15 event code ("110114 User Authentication"), each of the portal's actions
     * under it once, by its name in words, so no two entries read the same (issue 16).
     */
    static Map<String, List<AuditAction>> actionGroups() {
        return Arrays.stream(AuditAction.values())
                .collect(Collectors.groupingBy(
                        action -> action.code() + " " + action.display(), LinkedHashMap::new, Collectors.toList()));
    }

    static String attachment(String name) {
        return ContentDisposition.attachment().filename(name).build().toString();
    }
}
