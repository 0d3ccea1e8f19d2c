package org.xrayportal.imaging;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;

/**
 * Metrics of the PACS calls, in the application's registry (Boot adds it to Micrometer's global one):
 * {@code portal.pacs.calls} (timer; tags {@code operation} = search, render, retrieve and {@code outcome} = success or
 * the {@link PacsException.Kind}; for retrieve it times the wait for the response headers, the streaming is in the
 * download metrics) and {@code portal.pacs.circuit.breaker.state} (1 for the breaker's current state, tag
 * {@code state}).
 */
final class PacsMetrics {

    private static volatile CircuitBreaker breaker;

    static {
        for (CircuitBreaker.State state : new CircuitBreaker.State[] {
            CircuitBreaker.State.CLOSED, CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN
        }) {
            Gauge.builder("portal.pacs.circuit.breaker.state", () -> {
                        CircuitBreaker current = breaker;
                        return current != null && current.getState() == state ? 1 : 0;
                    })
                    .description("1 for the PACS circuit breaker's current state")
                    .tag("state", state.name().toLowerCase(java.util.Locale.ROOT))
                    .register(Metrics.globalRegistry);
        }
    }

    private PacsMetrics() {}

    /** The breaker of the portal's PACS client (the latest one created). */
    static void watch(CircuitBreaker circuitBreaker) {
        breaker = circuitBreaker;
    }

    static <T> T timed(String operation, Supplier<T> call) {
        long start = System.nanoTime();
        String outcome = "success";
        try {
            return call.get();
        } catch (PacsException e) {
            outcome = e.kind().name().toLowerCase(java.util.Locale.ROOT);
            throw e;
        } catch (io.github.resilience4j.circuitbreaker.CallNotPermittedException e) {
            outcome = "circuit_open";
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
                    .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }
}
