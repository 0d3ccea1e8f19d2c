package org.xrayportal.security;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.csrf.CsrfException;

/**
 * A form whose CSRF token no longer matches (the session ended, the cookies are gone, the page was open too long) is
 * still refused: nothing it carried is acted on. Only the answer differs from "your account has no access": the
 * sign-in form goes back to the sign-in page, a share link's passcode form back to its passcode page (a GET, nothing
 * replayed), a form of a signed-out person to the sign-in page, and anything else is a 403 page saying what happened
 * (for a share recipient's other forms, with a way back to the shared images rather than "sign in again").
 * Any other refusal keeps Spring Security's default (the 403 page).
 */
class ExpiredFormHandler implements AccessDeniedHandler {

    /** Request attribute read by {@code error/403.html}: the refusal was a stale form, not a missing right. */
    static final String EXPIRED_FORM = "expiredForm";

    /**
     * Request attribute read by {@code error/403.html}: the stale form was a share recipient's (who has no account),
     * so the page offers the shared images again instead of signing in.
     */
    static final String SHARE_RECIPIENT = "shareRecipientForm";

    private static final Pattern PASSCODE_PAGE = Pattern.compile("/s/[A-Za-z0-9_-]{32}");

    /** Forms reached without an account: a stale one gets the page, not the sign-in form. */
    private static final List<String> PUBLIC_FORMS = List.of("/register", "/activate", "/password/reset", "/s/");

    private final AccessDeniedHandler otherwise = new AccessDeniedHandlerImpl();

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException, ServletException {
        if (!(denied instanceof CsrfException) || response.isCommitted()) {
            otherwise.handle(request, response, denied);
            return;
        }
        String context = request.getContextPath();
        String path = request.getRequestURI().substring(context.length());
        if (path.equals("/login")) {
            response.sendRedirect(context + "/login?expired");
        } else if (PASSCODE_PAGE.matcher(path).matches()) {
            response.sendRedirect(context + path + "?expired");
        } else if (!signedIn() && PUBLIC_FORMS.stream().noneMatch(path::startsWith)) {
            response.sendRedirect(context + "/login?expired");
        } else {
            request.setAttribute(EXPIRED_FORM, Boolean.TRUE);
            if (path.startsWith("/s/")) {
                request.setAttribute(SHARE_RECIPIENT, Boolean.TRUE);
            }
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
        }
    }

    private static boolean signedIn() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null
                && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken);
    }
}
