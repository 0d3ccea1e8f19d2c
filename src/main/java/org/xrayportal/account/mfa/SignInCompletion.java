package org.xrayportal.account.mfa;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
import org.xrayportal.security.HomePages;
import org.xrayportal.security.PortalUser;

/**
 * The steps of sign-in after the password: whether a second factor must come first (the session then holds only
 * {@link MfaPendingAuthentication}), and completing the sign-in once it is given.
 */
@Component
public class SignInCompletion {

    /** The same places the form login filter saves the signed-in context to (Spring Security's default). */
    private final SecurityContextRepository contexts = new DelegatingSecurityContextRepository(
            new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository());

    private final AuditLog auditLog;
    private final SecondFactor secondFactor;

    SignInCompletion(AuditLog auditLog, SecondFactor secondFactor) {
        this.auditLog = auditLog;
        this.secondFactor = secondFactor;
    }

    /**
     * After the right password: when the person has a second factor, or their role requires one, the session gets no
     * role yet, only the pending state, and the browser is sent to the code (or enrolment) page.
     *
     * @return true when the sign-in now waits for the second factor (the response is the redirect to its page)
     */
    public boolean awaitSecondFactor(PortalUser user, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        boolean enrolled = secondFactor.isEnrolled(user.id());
        if (!enrolled && !secondFactor.isRequired(user.role())) {
            return false;
        }
        store(new MfaPendingAuthentication(user, !enrolled), request, response);
        response.sendRedirect(request.getContextPath() + (enrolled ? MfaController.VERIFY : MfaController.ENROL));
        return true;
    }

    void store(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
    }

    /**
     * The person is fully signed in: the audit event, a new session id and the full roles.
     *
     * @return the page to open: the one asked for before sign-in, if it is theirs, else their home page
     */
    String complete(PortalUser user, HttpServletRequest request, HttpServletResponse response) {
        // Audit first: if it cannot be written, the session keeps only the pending state (fail closed).
        auditLog.record(AuditEvent.of(AuditAction.SIGN_IN, AuditOutcome.SUCCESS)
                .actor(user.id(), user.email(), user.role().name())
                .clientAddress(request.getRemoteAddr())
                .detail("secondFactor", true)
                .build());
        request.changeSessionId();
        store(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()), request, response);
        return HomePages.afterSignIn(user.role(), request, response);
    }
}
