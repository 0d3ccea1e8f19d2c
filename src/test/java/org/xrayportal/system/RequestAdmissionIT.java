package org.xrayportal.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.xrayportal.support.PortalIntegrationTest;
import org.xrayportal.support.RawHttp;

/**
 * Issue 13, admission control on the real server: with every turn taken, a page request waits at most {@code
 * max-wait} and then gets the portal's "busy" page (503, Retry-After), while health still answers; once the turn is
 * free, pages are served again.
 */
@PortalIntegrationTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"portal.admission.max-requests-in-progress=1", "portal.admission.max-wait=300ms"})
class RequestAdmissionIT {

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Test
    void everyTurnTakenThenBusyPageAndHealthStillAnswersThenServedAgain() throws Exception {
        AtomicReference<RawHttp.Response> held = new AtomicReference<>();
        Thread holder = Thread.ofVirtual().start(() -> held.set(get(HoldingController.PATH)));
        assertThat(HoldingController.entered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(meters.get("portal.admission.in.progress").gauge().value()).isEqualTo(1.0);

        RawHttp.Response busy = get("/login");
        RawHttp.Response health = get("/actuator/health/readiness");

        HoldingController.release.countDown();
        holder.join(10_000);
        RawHttp.Response again = get("/login");

        assertThat(busy.status()).isEqualTo(503);
        assertThat(busy.header("Retry-After")).contains("5");
        assertThat(busy.body()).contains("<h1>The portal is very busy right now</h1>");
        ContainerErrorsIT.assertPortalPage(busy);
        ContainerErrorsIT.assertPortalHeaders(busy);
        assertThat(health.status()).isEqualTo(200);
        assertThat(held.get().status()).isEqualTo(200);
        assertThat(held.get().body()).isEqualTo("held");
        assertThat(again.status()).isEqualTo(200);
        assertThat(meters.get("portal.admission.refused").counter().count()).isEqualTo(1.0);
    }

    private RawHttp.Response get(String path) {
        return RawHttp.send(
                port,
                "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                        + ContainerErrorsIT.BROWSER_ACCEPT + "\r\n");
    }

    /** A request that keeps its turn until the test lets it go; registered for this test only. */
    @TestConfiguration
    static class Holding {
        @Bean
        HoldingController holdingController() {
            return new HoldingController();
        }
    }

    @Controller
    static class HoldingController {
        static final String PATH = "/help/test-only-hold";
        static final CountDownLatch entered = new CountDownLatch(1);
        static final CountDownLatch release = new CountDownLatch(1);

        @GetMapping(PATH)
        @ResponseBody
        String hold() throws InterruptedException {
            entered.countDown();
            release.await(20, TimeUnit.SECONDS);
            return "held";
        }
    }
}
