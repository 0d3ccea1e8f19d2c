package org.xrayportal.audit;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.xrayportal.security.CurrentUser;
import org.xrayportal.security.PortalUser;
import org.xrayportal.system.ProblemException;

/** "Verify chain": recomputes the hash chain over a range of sequence numbers and shows the first broken link. */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class AuditIntegrityController {

    private final AuditIntegrity integrity;
    private final AuditTrail trail;
    private final ConsoleAudit consoleAudit;

    AuditIntegrityController(AuditIntegrity integrity, AuditTrail trail, ConsoleAudit consoleAudit) {
        this.integrity = integrity;
        this.trail = trail;
        this.consoleAudit = consoleAudit;
    }

    /**
     * The form, and with {@code verify} the check itself. A GET like the searches (it changes nothing but the audit
     * trail's own record of the read), so the result page can be reloaded and bookmarked.
     */
    @GetMapping("/admin/audit/integrity")
    String verify(
            @CurrentUser PortalUser admin,
            @RequestParam(required = false) String verify,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            HttpServletRequest request,
            Model model) {
        if (verify == null) {
            model.addAttribute("lastSequence", trail.lastSequence());
            return "audit/integrity";
        }
        long first = parse(from, 1);
        long last = parse(to, Long.MAX_VALUE);
        if (last < first) {
            throw ProblemException.badRequest("audit.error.sequenceRange");
        }
        consoleAudit.used(admin.id(), admin.email(), request.getRemoteAddr(), "verify-chain", null);
        AuditIntegrity.Result result = integrity.verify(first, last);
        model.addAttribute("result", result);
        model.addAttribute("from", first);
        model.addAttribute("lastSequence", trail.lastSequence());
        return "audit/integrity";
    }

    private static long parse(String value, long absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            long n = Long.parseLong(value.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest("audit.error.sequence");
    }
}
