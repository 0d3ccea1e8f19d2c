package org.xrayportal.system;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * Writes the portal's security headers (CSP, frame options, no-store, ...) on responses the filter chain's own
 * {@link HeaderWriterFilter} never saw: error pages for requests that failed before it ran (firewall rejections,
 * undecodable parameters) and the container's own error reports. It runs that very filter, so the headers cannot drift
 * from the pages'.
 *
 * <p>The filter is taken from the pages' chain, the one that matches any request: narrower chains ordered before it
 * (the Prometheus scrape chain of {@code MetricsScrapeSecurity}) keep Spring Security's default headers, without the
 * portal's Content-Security-Policy, and error pages are pages whatever URL failed.
 */
final class PortalHeaders {

    private final ObjectProvider<SecurityFilterChain> chains;
    private volatile HeaderWriterFilter filter;

    PortalHeaders(ObjectProvider<SecurityFilterChain> chains) {
        this.chains = chains;
    }

    void write(HttpServletRequest request, HttpServletResponse response) {
        if (response.isCommitted()) {
            return;
        }
        try {
            // Seen as a first, plain request: the filter skips error dispatches and requests it has filtered before.
            headerWriter().doFilter(new FreshRequest(request), response, (req, res) -> {});
        } catch (IOException | ServletException e) {
            throw new IllegalStateException(e);
        }
    }

    private HeaderWriterFilter headerWriter() {
        HeaderWriterFilter found = filter;
        if (found == null) {
            found = chains.orderedStream()
                    .filter(PortalHeaders::matchesAnyRequest)
                    .flatMap(chain -> chain.getFilters().stream())
                    .filter(HeaderWriterFilter.class::isInstance)
                    .map(HeaderWriterFilter.class::cast)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "No HeaderWriterFilter in a security filter chain that matches any request"));
            filter = found;
        }
        return found;
    }

    private static boolean matchesAnyRequest(SecurityFilterChain chain) {
        return chain instanceof DefaultSecurityFilterChain defaultChain
                && defaultChain.getRequestMatcher() instanceof AnyRequestMatcher;
    }

    private static final class FreshRequest extends HttpServletRequestWrapper {

        FreshRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public DispatcherType getDispatcherType() {
            return DispatcherType.REQUEST;
        }

        @Override
        public Object getAttribute(String name) {
            // OncePerRequestFilter knows an error dispatch by its error attributes, and a repeat by its marker.
            return name.endsWith(".FILTERED") || name.startsWith("jakarta.servlet.error.")
                    ? null
                    : super.getAttribute(name);
        }
    }
}
