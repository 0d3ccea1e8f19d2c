package org.xrayportal.account.sessions;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditEvent;
import org.xrayportal.audit.AuditLog;
import org.xrayportal.audit.AuditOutcome;
import org.xrayportal.security.CurrentUser;
import org.xrayportal.security.PortalUser;

/** "Where you are signed in", with "sign out of all other sessions". */
@Controller
class SessionsController {

    private final SessionControl sessions;
    private final AuditLog auditLog;

    SessionsController(SessionControl sessions, AuditLog auditLog) {
        this.sessions = sessions;
        this.auditLog = auditLog;
    }

    @GetMapping("/account/sessions")
    String list(@CurrentUser PortalUser user, Model model) {
        model.addAttribute("sessions", sessions.sessionsOf(user.email()));
        return "account/sessions";
    }

    @PostMapping("/account/sessions/end-others")
    String endOthers(@CurrentUser PortalUser user, HttpServletRequest request, RedirectAttributes redirect) {
        int ended = sessions.endAllBut(user.email(), request.getSession().getId());
        auditLog.record(AuditEvent.of(AuditAction.SESSIONS_REVOKED, AuditOutcome.SUCCESS)
                .actor(user.id(), user.email(), user.role().name())
                .clientAddress(request.getRemoteAddr())
                .detail("ended", ended)
                .build());
        redirect.addFlashAttribute("message", "sessions.othersEnded");
        return "redirect:/account/sessions";
    }
}
