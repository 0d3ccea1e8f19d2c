package org.xrayportal.access;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditEvent;
import org.xrayportal.audit.AuditLog;
import org.xrayportal.audit.AuditOutcome;
import org.xrayportal.imaging.DateRange;
import org.xrayportal.imaging.PacsGateway;
import org.xrayportal.imaging.PacsPatient;
import org.xrayportal.security.CurrentUser;
import org.xrayportal.security.PortalUser;
import org.xrayportal.shared.PatientIdentity;

/**
 * Staff look up which studies the PACS holds for a PatientID (and issuer) before they link an account or decide a
 * request. Metadata only: staff see no images. Each search is audited as a PS3.15 Query (110112).
 */
@Controller
@PreAuthorize("hasRole('STAFF')")
class StaffPacsLookupController {

    private final PacsGateway pacs;
    private final AuditLog auditLog;

    StaffPacsLookupController(PacsGateway pacs, AuditLog auditLog) {
        this.pacs = pacs;
        this.auditLog = auditLog;
    }

    @GetMapping("/staff/pacs")
    String lookup(
            @CurrentUser PortalUser staff,
            @RequestParam(required = false) String patientId,
            @RequestParam(required = false) String issuer,
            HttpServletRequest http,
            jakarta.servlet.http.HttpServletResponse response,
            Model model) {
        model.addAttribute("patientId", patientId);
        model.addAttribute("issuer", issuer);
        if (patientId == null || patientId.isBlank()) {
            return "access/staff-pacs";
        }
        PatientIdentity identity;
        try {
            identity = new PatientIdentity(patientId, issuer);
        } catch (IllegalArgumentException e) {
            response.setStatus(400);
            model.addAttribute("invalid", true);
            return "access/staff-pacs";
        }
        if (!identity.hasIssuer()) {
            // Without an issuer the PatientID may name different people under different issuers: list them and let
            // staff pick one, never merge their studies (issue 10).
            List<PacsPatient> holders = pacs.findPatients(identity);
            if (holders.size() > 1) {
                holders.forEach(holder -> audit(staff, http, holder.identity()));
                model.addAttribute("holders", holders);
                return "access/staff-pacs";
            }
        }
        audit(staff, http, identity);
        model.addAttribute("studies", pacs.searchStudies(identity, DateRange.ANY));
        return "access/staff-pacs";
    }

    private void audit(PortalUser staff, HttpServletRequest http, PatientIdentity identity) {
        auditLog.record(AuditEvent.of(AuditAction.QUERY, AuditOutcome.SUCCESS)
                .actor(staff.id(), staff.email(), staff.role().name())
                .clientAddress(http.getRemoteAddr())
                .patient(identity.patientId(), identity.issuer())
                .build());
    }
}
