package org.xrayportal.viewer;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.xrayportal.account.AccountService;
import org.xrayportal.account.Actor;
import org.xrayportal.audit.AuditTrail;
import org.xrayportal.shared.PatientIdentity;

/**
 * The patient's own access history: every audited event about their linked PACS identity (their views and downloads,
 * staff decisions on their requests), newest first. Staff appear by role only; their names stay with the clinic.
 */
@Controller
@PreAuthorize("hasRole('PATIENT')")
class AccessHistoryController {

    static final int PAGE_SIZE = 50;

    private final AccountService accounts;
    private final AuditTrail trail;

    AccessHistoryController(AccountService accounts, AuditTrail trail) {
        this.accounts = accounts;
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
            model.addAttribute(
                    "result", trail.patientHistory(identity.patientId(), identity.issuer(), pageNumber, PAGE_SIZE));
        }
        return "viewer/history";
    }
}
