package org.xrayportal.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * On every error dispatch, before the error page renders: the portal's headers, in case the failed request never got
 * them (Spring Security's header filter does not run on error dispatches).
 */
final class ErrorDispatchHeaders extends OncePerRequestFilter {

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
        chain.doFilter(request, response);
    }
}
