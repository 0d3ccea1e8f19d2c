package org.xrayportal.account.registration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.xrayportal.account.AccountService;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;

/**
 * A self-registered patient whose identity staff have not linked (yet) sees the status page and their account
 * settings, nothing else (DESIGN.md invariant 1; issue 4). Checked on every request, so a link made by staff takes
 * effect at once. Patient accounts come only from activation (linked at once) or self-registration; accounts made by
 * code (tests, demo) without either pass here but, having no identity, still see no patient data.
 *
 * <p>"Not awaiting a check" is final for an account: its identity claim is written with the account itself and is
 * decided only once, from PENDING, so an account without a claim never gets one and a LINKED claim never changes. That
 * answer is therefore remembered per account (issue 14: one statement fewer on every request); "awaiting" is asked
 * again each time, so a link staff make still takes effect on the very next request.
 */
@Component
class UnlinkedPatientInterceptor implements HandlerInterceptor {

    static final String STATUS_PAGE = "/patient/status";

    private static final List<String> ALLOWED = List.of(STATUS_PAGE, "/account", "/help/", "/css/", "/js/", "/error");

    private final AccountService accounts;
    private final Cache<Long, Boolean> notAwaiting =
            Caffeine.newBuilder().maximumSize(100_000).build();

    UnlinkedPatientInterceptor(AccountService accounts) {
        this.accounts = accounts;
    }

    private boolean awaitsIdentityCheck(long accountId) {
        if (notAwaiting.getIfPresent(accountId) != null) {
            return false;
        }
        boolean awaits = accounts.awaitsIdentityCheck(accountId);
        if (!awaits) {
            notAwaiting.put(accountId, Boolean.TRUE);
        }
        return awaits;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null
                || !(authentication.getPrincipal() instanceof PortalUser user)
                || authentication.getAuthorities().stream()
                        .noneMatch(a -> Role.PATIENT.authority().equals(a.getAuthority()))) {
            return true;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (ALLOWED.stream().anyMatch(path::startsWith) || !awaitsIdentityCheck(user.id())) {
            return true;
        }
        response.sendRedirect(request.getContextPath() + STATUS_PAGE);
        return false;
    }
}
