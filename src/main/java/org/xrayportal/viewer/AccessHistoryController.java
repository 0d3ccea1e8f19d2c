package org.xrayportal.viewer;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.xrayportal.access.AccessService;
import org.xrayportal.account.AccountService;
import org.xrayportal.account.Actor;
import org.xrayportal.audit.AuditTrail;
import org.xrayportal.imaging.PacsException;
import org.xrayportal.imaging.Study;
import org.xrayportal.shared.PatientIdentity;

/**
 * The patient's own access history: every audited event about their linked PACS identity (their views and downloads,
 * staff decisions on their requests), newest first, 20 lines a page. A visit to a study is one line ("Viewed Left
 * knee, 3 images"), however many series it showed. Staff appear by role only; their names stay with the clinic. Results are
 * in plain words ("Refused", not the audit trail's "Minor failure").
 */
@Controller
@PreAuthorize("hasRole('PATIENT')")
class AccessHistoryController {

    static final int PAGE_SIZE = 20;

    private static final Logger log = LoggerFactory.getLogger(AccessHistoryController.class);

    private final AccountService accounts;
    private final AccessService access;
    private final AuditTrail trail;

    AccessHistoryController(AccountService accounts, AccessService access, AuditTrail trail) {
        this.accounts = accounts;
        this.access = access;
        this.trail = trail;
    }

    @GetMapping("/patient/history")
    String history(
            Actor patient, @RequestParam(defaultValue = "0") String page, Model model, HttpServletResponse response) {
        int pageNumber;
        try {
            pageNumber = Integer.parseInt(page);
        } catch (NumberFormatException e) {
            pageNumber = -1;
        }
        if (pageNumber < 0 || pageNumber > 1_000_000) {
            response.setStatus(400);
            return "error/4xx";
        }
        model.addAttribute("patientAccountId", patient.accountId());
        PatientIdentity identity = accounts.identityOf(patient.accountId()).orElse(null);
        if (identity != null) {
            var result = trail.patientVisits(identity.patientId(), identity.issuer(), pageNumber, PAGE_SIZE);
            model.addAttribute("result", result);
            // Visits and share events name their study in words.
            boolean named = result.entries().stream()
                    .anyMatch(entry -> entry.visit() || entry.event().studyUid() != null);
            model.addAttribute("studies", named ? studies(identity) : Map.of());
        }
        return "viewer/history";
    }

    /** The patient's studies by UID, to name them in words; without names (not an error page) if the PACS is down. */
    private Map<String, Study> studies(PatientIdentity identity) {
        try {
            return access.studiesOf(identity).stream()
                    .collect(Collectors.toMap(Study::studyInstanceUid, Function.identity(), (a, b) -> a));
        } catch (PacsException e) {
            log.warn("Could not name the studies in the access history: {}", e.getMessage());
            return Map.of();
        }
    }
}
