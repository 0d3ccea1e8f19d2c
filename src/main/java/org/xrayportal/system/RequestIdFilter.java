package org.xrayportal.system;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request a reference: in the MDC as {@code requestId} (so it is on every log line of the request, and a
 * field of the structured JSON logs), in the {@code X-Request-Id} response header, and on error pages ("quote this
 * reference"). A well-formed {@code X-Request-Id} from the reverse proxy is kept, so proxy and portal logs match.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RequestIdFilter.class);
    public static final String HEADER = "X-Request-Id";
    public static final String ATTRIBUTE = "requestId";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{8,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // An error dispatch of the same request keeps the reference its first dispatch got.
        String incoming =
                request.getAttribute(ATTRIBUTE) instanceof String earlier ? earlier : request.getHeader(HEADER);
        String id = incoming != null && SAFE.matcher(incoming).matches() ? incoming : newId();
        request.setAttribute(ATTRIBUTE, id);
        response.setHeader(HEADER, id);
        MDC.put(ATTRIBUTE, id);
        try {
            if (request.getDispatcherType() == DispatcherType.ERROR
                    && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure) {
                // The container logs an unhandled exception after this filter has left (no reference on its line);
                // this line carries the reference the error page shows, so a quoted reference finds the cause.
                log.error(
                        "Request failed: {} {}",
                        request.getMethod(),
                        request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
                        failure);
            }
            chain.doFilter(request, response);
        } finally {
            MDC.remove(ATTRIBUTE);
        }
    }

    /** Also for error dispatches: the error page's log lines carry the same reference. */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    private static String newId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
