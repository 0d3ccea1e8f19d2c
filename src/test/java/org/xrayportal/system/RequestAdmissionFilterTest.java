package org.xrayportal.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestAdmissionFilterTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void requestsBeyondTheLimitWaitTheirTurnFirstComeFirstServed() throws Exception {
        RequestAdmissionFilter filter =
                new RequestAdmissionFilter(new AdmissionProperties(1, Duration.ofSeconds(10)), meters);
        CountDownLatch release = new CountDownLatch(1);
        List<String> served = new CopyOnWriteArrayList<>();
        Thread first = Thread.ofVirtual().start(() -> run(filter, "/patient/studies", "first", served, release));
        await(() -> gauge("portal.admission.in.progress") == 1);
        Thread second = Thread.ofVirtual().start(() -> run(filter, "/patient/studies", "second", served, null));
        await(() -> gauge("portal.admission.waiting") == 1);
        Thread third = Thread.ofVirtual().start(() -> run(filter, "/patient/studies", "third", served, null));
        await(() -> gauge("portal.admission.waiting") == 2);
        assertThat(served).containsExactly("first");

        release.countDown();
        first.join();
        second.join();
        third.join();

        assertThat(served).containsExactly("first", "second", "third");
        assertThat(gauge("portal.admission.in.progress")).isZero();
        assertThat(meters.get("portal.admission.refused").counter().count()).isZero();
    }

    @Test
    void aRequestThatWaitedMaxWaitAnswers503WithRetryAfterAndNeverRuns() throws Exception {
        RequestAdmissionFilter filter =
                new RequestAdmissionFilter(new AdmissionProperties(1, Duration.ofMillis(50)), meters);
        CountDownLatch release = new CountDownLatch(1);
        List<String> served = new CopyOnWriteArrayList<>();
        Thread first = Thread.ofVirtual().start(() -> run(filter, "/patient/studies", "first", served, release));
        await(() -> gauge("portal.admission.in.progress") == 1);

        MockHttpServletResponse refused = new MockHttpServletResponse();
        filter.doFilter(
                new MockHttpServletRequest("GET", "/patient/studies/1.2.3"), refused, (q, r) -> served.add("late"));

        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("5");
        assertThat(meters.get("portal.admission.refused").counter().count()).isEqualTo(1.0);
        release.countDown();
        first.join();
        assertThat(served).containsExactly("first");
    }

    @Test
    void downloadsAssetsAndHealthAreNotCounted() throws Exception {
        RequestAdmissionFilter filter = new RequestAdmissionFilter(new AdmissionProperties(1, Duration.ZERO), meters);
        CountDownLatch release = new CountDownLatch(1);
        List<String> served = new CopyOnWriteArrayList<>();
        Thread first = Thread.ofVirtual().start(() -> run(filter, "/patient/studies", "page", served, release));
        await(() -> gauge("portal.admission.in.progress") == 1);

        for (String path : List.of(
                "/patient/studies/1.2.3/download",
                "/patient/studies/1.2.3/download/zip",
                "/patient/studies/1.2/series/1.3/instances/1.4/download",
                "/s/abc/studies/1.2.3/download",
                "/shl/dicomweb/studies/1.2.3",
                "/actuator/health/readiness",
                "/css/portal.css",
                "/js/viewer.js",
                "/favicon.ico")) {
            MockHttpServletResponse response = new MockHttpServletResponse();
            filter.doFilter(new MockHttpServletRequest("GET", path), response, (q, r) -> served.add(path));
            assertThat(response.getStatus()).as(path).isEqualTo(200);
        }
        MockHttpServletResponse page = new MockHttpServletResponse();
        filter.doFilter(new MockHttpServletRequest("GET", "/patient/downloads"), page, (q, r) -> served.add("other"));
        assertThat(page.getStatus()).isEqualTo(503);

        release.countDown();
        first.join();
        assertThat(served).hasSize(10).doesNotContain("other");
    }

    @Test
    void zeroTurnsAdmissionControlOff() throws Exception {
        RequestAdmissionFilter filter = new RequestAdmissionFilter(new AdmissionProperties(0, Duration.ZERO), meters);
        CountDownLatch release = new CountDownLatch(1);
        List<String> served = new CopyOnWriteArrayList<>();
        Thread first = Thread.ofVirtual().start(() -> run(filter, "/patient/studies", "first", served, release));
        await(() -> served.contains("first"));

        MockHttpServletResponse second = new MockHttpServletResponse();
        filter.doFilter(new MockHttpServletRequest("GET", "/patient/studies"), second, (q, r) -> served.add("second"));

        assertThat(second.getStatus()).isEqualTo(200);
        release.countDown();
        first.join();
        assertThat(served).containsExactly("first", "second");
    }

    /** Runs one request through the filter; its handler records {@code name} and then waits for {@code release}. */
    private static void run(
            RequestAdmissionFilter filter, String path, String name, List<String> served, CountDownLatch release) {
        try {
            filter.doFilter(new MockHttpServletRequest("GET", path), new MockHttpServletResponse(), (q, r) -> {
                served.add(name);
                if (release != null) {
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
