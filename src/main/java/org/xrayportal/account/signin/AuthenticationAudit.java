package org.xrayportal.account.signin;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;
import org.xrayportal.account.AccountLanguages;
import org.xrayportal.account.AccountTimeZones;
import org.xrayportal.account.mfa.SignInCompletion;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditEvent;
import org.xrayportal.audit.AuditLog;
import org.xrayportal.audit.AuditOutcome;
import org.xrayportal.audit.AuditUnavailableException;
import org.xrayportal.security.HomePages;
import org.xrayportal.security.PortalUser;

/**
 * The filter chain's success, failure and logout handler (Spring Security's interfaces, so the security layer names
 * no account type). Records sign-in, failed sign-in and sign-out (PS3.15 110114 User Authentication) and then sends the browser on.
 * A failed audit write fails the sign-in too: nobody gets in without a trace. A failed write at sign-out is logged
 * and the sign-out goes ahead, because keeping someone signed in is the unsafe side.
 */
@Component
class AuthenticationAudit implements AuthenticationSuccessHandler, AuthenticationFailureHandler, LogoutHandler {

    /** Longest attempted sign-in name we keep; anything longer is not an email address anyway. */
    private static final int MAX_ATTEMPTED_NAME = 320;

    private static final Logger log = LoggerFactory.getLogger(AuthenticationAudit.class);

    /** The same places the form login filter saves the signed-in context to (Spring Security's default). */
    private static final SecurityContextRepository SIGNED_IN_CONTEXTS = new DelegatingSecurityContextRepository(
            new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository());

    private final AuditLog auditLog;
    private final SignInCompletion signIn;
    private final AccountLanguages languages;
    private final AccountTimeZones timeZones;

    AuthenticationAudit(
            AuditLog auditLog, SignInCompletion signIn, AccountLanguages languages, AccountTimeZones timeZones) {
        this.auditLog = auditLog;
        this.signIn = signIn;
        this.languages = languages;
        this.timeZones = timeZones;
    }

    @Override
    public void onAuthenticationSuccess(
            HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        PortalUser user = (PortalUser) authentication.getPrincipal();
        // Pages in the account's language from here on, or the language just chosen on this browser becomes it.
        languages.atSignIn(user.id(), request, response);
        // Times in the account's zone from here on; at the first sign-in, the browser's zone becomes it.
        timeZones.atSignIn(user.id(), request);
        if (signIn.awaitSecondFactor(user, request, response)) {
            // The password was right; the session gets no role until the second factor is given too.
            return;
        }
        try {
            auditLog.record(AuditEvent.of(AuditAction.SIGN_IN, AuditOutcome.SUCCESS)
                    .actor(user.id(), user.email(), user.role().name())
                    .clientAddress(request.getRemoteAddr())
                    .build());
        } catch (AuditUnavailableException e) {
            // The filter stored the authentication in the session before calling us; take it back.
            signOutQuietly(request, response);
            throw e;
        }
        response.sendRedirect(request.getContextPath() + HomePages.afterSignIn(user.role(), request, response));
    }

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException, ServletException {
        String attempted = request.getParameter("email");
        if (attempted != null) {
            attempted = attempted.replaceAll("\\p{Cntrl}", "?"); // PostgreSQL text cannot hold NUL
        }
        if (attempted != null && attempted.length() > MAX_ATTEMPTED_NAME) {
            attempted = attempted.substring(0, MAX_ATTEMPTED_NAME);
        }
        auditLog.record(AuditEvent.of(AuditAction.SIGN_IN_FAILED, AuditOutcome.MINOR_FAILURE)
                .actor(null, attempted, null)
                .clientAddress(request.getRemoteAddr())
                .detail("reason", reason(exception))
                .build());
        // Same answer whatever the reason, so the page does not reveal which accounts exist or are disabled.
        response.sendRedirect(request.getContextPath() + "/login?error");
    }

    private static String reason(AuthenticationException exception) {
        if (exception instanceof ThrottledAuthenticationProvider.SignInThrottledException) {
            return "throttled";
        }
        return exception instanceof BadCredentialsException ? "bad-credentials" : "refused";
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
        if (authentication != null && authentication.getPrincipal() instanceof PortalUser user) {
            try {
                auditLog.record(AuditEvent.of(AuditAction.SIGN_OUT, AuditOutcome.SUCCESS)
                        .actor(user.id(), user.email(), user.role().name())
                        .clientAddress(request.getRemoteAddr())
                        .build());
            } catch (AuditUnavailableException e) {
                // Failing closed here would keep the person signed in; ending the session is the safe side.
                log.error("Sign-out of account {} could not be audited; signing out anyway", user.id(), e);
            }
        }
    }

    private static void signOutQuietly(HttpServletRequest request, HttpServletResponse response) {
        SecurityContext empty = SecurityContextHolder.createEmptyContext();
        SecurityContextHolder.setContext(empty);
        // Also clears the request-scoped copy, so the error page does not show the person as signed in.
        SIGNED_IN_CONTEXTS.saveContext(empty, request, response);
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }
}
