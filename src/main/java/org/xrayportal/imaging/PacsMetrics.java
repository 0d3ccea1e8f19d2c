package org.xrayportal.imaging;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Metrics of the PACS calls, in the application's registry (Boot adds it to Micrometer's global one):
 * {@code portal.pacs.calls} (timer; tags {@code operation} = search, render, retrieve and {@code outcome} = success or
 * the {@link PacsException.Kind}, e.g. {@code unavailable} for an open breaker, {@code busy} for a full bulkhead; for retrieve it times the wait for the response headers, the streaming is in the
 * download metrics) and {@code portal.pacs.circuit.breaker.state} (1 for each breaker's current state, tags
 * {@code breaker} = pacs-search, pacs-render, pacs-retrieve and {@code state}).
 */
final class PacsMetrics {

    /** The latest breaker per name (one per operation class; tests create several clients). */
    private static final Map<String, CircuitBreaker> BREAKERS = new ConcurrentHashMap<>();

    private PacsMetrics() {}

    /** Publishes the breaker's state as {@code portal.pacs.circuit.breaker.state{breaker=<name>, state=...}}. */
    static void watch(CircuitBreaker circuitBreaker) {
        String name = circuitBreaker.getName();
        if (BREAKERS.put(name, circuitBreaker) != null) {
            return;
        }
        for (CircuitBreaker.State state : new CircuitBreaker.State[] {
            CircuitBreaker.State.CLOSED, CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN
        }) {
            Gauge.builder("portal.pacs.circuit.breaker.state", () -> {
                        CircuitBreaker current = BREAKERS.get(name);
                        return current != null && current.getState() == state ? 1 : 0;
                    })
                    .description("1 for the PACS circuit breaker's current state")
                    .tag("breaker", name)
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .register(Metrics.globalRegistry);
        }
    }

    static <T> T timed(String operation, Supplier<T> call) {
        long start = System.nanoTime();
        String outcome = "success";
        try {
            return call.get();
        } catch (PacsException e) {
            outcome = e.kind().name().toLowerCase(Locale.ROOT);
            throw e;
        } catch (RuntimeException e) {
            outcome = "error";
            throw e;
        } finally {
            Timer.builder("portal.pacs.calls")
                    .description("Calls to the PACS (DICOMweb), with retries")
                    .tag("operation", operation)
                    .tag("outcome", outcome)
                    .register(Metrics.globalRegistry)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }
}
