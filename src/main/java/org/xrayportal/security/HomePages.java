package org.xrayportal.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.savedrequest.DefaultSavedRequest;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/** Where each role lands after signing in. */
public final class HomePages {

    /** Where the filter chain keeps the page asked for before sign-in (Spring Security's default cache). */
    private static final RequestCache SAVED = new HttpSessionRequestCache();

    private HomePages() {}

    public static String of(Role role) {
        return switch (role) {
            case PATIENT -> "/patient";
            case STAFF -> "/staff";
            case ADMIN -> "/admin";
        };
    }

    /**
     * The page to open once sign-in is complete: the page the person asked for before being sent to sign in (a
     * bookmarked study), when it was a GET of one of their own role's pages, else their home page. Only the saved
     * path and query are used, never a host, so the answer is always a page of this portal; the saved request is
     * used once.
     */
    public static String afterSignIn(Role role, HttpServletRequest request, HttpServletResponse response) {
        SavedRequest saved = SAVED.getRequest(request, response);
        if (saved == null) {
            return of(role);
        }
        SAVED.removeRequest(request, response);
        String home = of(role);
        if (!"GET".equals(saved.getMethod()) || !(saved instanceof DefaultSavedRequest d)) {
            return home;
        }
        String path = d.getRequestURI();
        String contextPath = request.getContextPath();
        if (path == null || !path.startsWith(contextPath)) {
            return home;
        }
        path = path.substring(contextPath.length());
        if (!(path.equals(home) || path.startsWith(home + "/")) || path.contains("//") || path.contains("\\")) {
            return home;
        }
        String query = d.getQueryString();
        return query == null || query.isEmpty() ? path : path + "?" + query;
    }
}
