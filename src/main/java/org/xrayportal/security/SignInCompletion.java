package org.xrayportal.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditEvent;
import org.xrayportal.audit.AuditLog;
import org.xrayportal.audit.AuditOutcome;

/** Puts an authentication into the session, for the steps of sign-in that happen after the password. */
@Component
class SignInCompletion {

    /** The same places the form login filter saves the signed-in context to (Spring Security's default). */
    private final SecurityContextRepository contexts = new DelegatingSecurityContextRepository(
            new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository());

    private final AuditLog auditLog;

    SignInCompletion(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    void store(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
    }

    /** The person is fully signed in: the audit event, a new session id and the full roles. */
    String complete(PortalUser user, HttpServletRequest request, HttpServletResponse response) {
        // Audit first: if it cannot be written, the session keeps only the pending state (fail closed).
        auditLog.record(AuditEvent.of(AuditAction.SIGN_IN, AuditOutcome.SUCCESS)
                .actor(user.id(), user.email(), user.role().name())
                .clientAddress(request.getRemoteAddr())
                .detail("secondFactor", true)
                .build());
        request.changeSessionId();
        store(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()), request, response);
        return HomePages.of(user.role());
    }
}
