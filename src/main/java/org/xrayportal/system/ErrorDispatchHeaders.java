package org.xrayportal.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * On every error dispatch, before the error page renders: the portal's headers, in case the failed request never got
 * them (Spring Security's header filter does not run on error dispatches), and the page's language.
 */
final class ErrorDispatchHeaders extends OncePerRequestFilter {

    private static final LanguageConfiguration.PortalLocaleResolver LANGUAGE =
            new LanguageConfiguration.PortalLocaleResolver();

    private final PortalHeaders headers;

    ErrorDispatchHeaders(PortalHeaders headers) {
        this.headers = headers;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getDispatcherType() != jakarta.servlet.DispatcherType.ERROR;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        headers.write(request, response);
        // The container's error dispatch drops the locale Spring sets on the response while rendering, so the error
        // page would go out without Content-Language: name the language it is rendered in here.
        response.setHeader("Content-Language", LANGUAGE.resolveLocale(request).toLanguageTag());
        chain.doFilter(request, response);
    }
}
