package org.xrayportal.system;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Admission control (issue 13): at most {@link AdmissionProperties#maxRequestsInProgress} page, form and image
 * requests run at once on this node; the others wait for their turn, first come first served, at most {@link
 * AdmissionProperties#maxWait}, and then answer 503 with the "busy" page ({@code error/503}) and {@code Retry-After}.
 *
 * <p>Why: requests run on virtual threads, so without a bound every request that arrives runs at once and they share
 * the cores between them. Under a burst each one then takes as long as the whole burst, and the slowest take several
 * times that (the 200-session load test: p95 4.2x Orthanc's, whose 50 workers serve first come first served). With a
 * bound, a request that waits does so before it has taken a session read, a pooled connection or a PACS slot.
 *
 * <p>Runs before the session, security and everything else (only the request reference comes first). Not counted:
 * file downloads and the shared DICOMweb retrieve, which stream for as long as the client reads and have limits of
 * their own ({@code portal.download.*}); the actuator (health must answer when the portal is full); static assets;
 * error dispatches (the busy page itself).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestAdmissionFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RequestAdmissionFilter.class);

    private final Semaphore turns;
    private final int limit;
    private final long maxWaitNanos;
    private final Counter refused;

    @Autowired
    RequestAdmissionFilter(AdmissionProperties properties, ObjectProvider<MeterRegistry> meters) {
        // Web slices have no meter registry of their own.
        this(properties, meters.getIfAvailable(() -> Metrics.globalRegistry));
    }

    RequestAdmissionFilter(AdmissionProperties properties, MeterRegistry meters) {
        this.limit = properties.maxRequestsInProgress();
        this.turns = new Semaphore(Math.max(limit, 1), true);
        this.maxWaitNanos = properties.maxWait().toNanos();
        this.refused = Counter.builder("portal.admission.refused")
                .description("Requests that waited portal.admission.max-wait for their turn and answered 503")
                .register(meters);
        Gauge.builder("portal.admission.waiting", turns, Semaphore::getQueueLength)
                .description("Requests waiting for their turn")
                .register(meters);
        Gauge.builder("portal.admission.in.progress", turns, t -> limit - t.availablePermits())
                .description("Requests being served (admitted)")
                .register(meters);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return limit == 0
                || exempt(request.getRequestURI()
                        .substring(request.getContextPath().length()));
    }

    /** Paths that stream for as long as the client reads, or must answer when the portal is full. */
    static boolean exempt(String path) {
        return path.startsWith("/css/")
                || path.startsWith("/js/")
                || path.equals("/favicon.ico")
                || path.startsWith("/actuator/")
                || path.startsWith("/shl/dicomweb/")
                || path.endsWith("/download")
                || path.contains("/download/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean admitted;
        try {
            admitted = turns.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            refused.increment();
            log.warn(
                    "Busy: {} {} waited {} ms for one of {} turns",
                    request.getMethod(),
                    request.getRequestURI(),
                    TimeUnit.NANOSECONDS.toMillis(maxWaitNanos),
                    limit);
            response.setHeader(HttpHeaders.RETRY_AFTER, "5");
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            turns.release();
        }
    }
}
