package org.xrayportal.system;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Which page is being shown, for the main menu's {@code aria-current="page"} ({@code fragments/nav.html}): a menu link
 * is the current page when its path is the request's path (the query ignored, so a filtered audit search is still the
 * audit page). A page deeper than a menu entry (one study under "Studies") marks none. The menu reads {@code
 * ${@currentPage.path()}} once (a bean call is not allowed in the attribute itself, which Thymeleaf evaluates in its
 * restricted mode) and compares each link's path with it.
 */
@Component("currentPage")
public class CurrentPage {

    /** The path of the page being shown, without the context path or a trailing slash; null outside a request. */
    public String path() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (!(attributes instanceof ServletRequestAttributes servlet)) {
            return null;
        }
        HttpServletRequest request = servlet.getRequest();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
