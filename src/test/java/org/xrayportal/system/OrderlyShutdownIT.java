package org.xrayportal.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.xrayportal.PortalApplication;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditEvent;
import org.xrayportal.audit.AuditLog;
import org.xrayportal.audit.AuditOutcome;

/**
 * The portal with its own embedded PostgreSQL (no datasource configured, as in a demo or a single-node install) is
 * shut down while a request is in flight: the request still completes and writes its audit row, because the web
 * server drains before the database is stopped.
 */
class OrderlyShutdownIT {

    static final CountDownLatch ENTERED = new CountDownLatch(1);
    static final CountDownLatch CLOSING = new CountDownLatch(1);
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    @Test
    void shutdownWhenRequestInFlightThenItFinishesAndItsAuditRowIsWritten() throws Exception {
        // Arguments, not builder properties: those are only defaults, which application.yml's ${PORT:8080} overrides.
        ConfigurableApplicationContext portal = new SpringApplicationBuilder(PortalApplication.class, Probe.class)
                .run("--server.port=0", "--spring.lifecycle.timeout-per-shutdown-phase=30s");
        String port = portal.getEnvironment().getRequiredProperty("local.server.port");

        CompletableFuture<HttpResponse<String>> response = HttpClient.newHttpClient()
                .sendAsync(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/help/shutdown-probe"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(ENTERED.await(30, TimeUnit.SECONDS)).isTrue();
        Thread closer = Thread.ofPlatform().start(portal::close);
        assertThat(CLOSING.await(30, TimeUnit.SECONDS)).isTrue();
        RELEASE.countDown();

        HttpResponse<String> answer = response.get(60, TimeUnit.SECONDS);
        closer.join(60_000);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("audited 1");
        assertThat(portal.isActive()).isFalse();
    }

    /** A request that waits until the shutdown has begun, then writes an audit row and reads it back. */
    @Configuration(proxyBeanMethods = false)
    static class Probe {

        @Bean
        ProbeController shutdownProbe(AuditLog auditLog, JdbcClient jdbc) {
            return new ProbeController(auditLog, jdbc);
        }

        @EventListener
        void closing(ContextClosedEvent event) {
            CLOSING.countDown();
        }
    }

    @RestController
    static class ProbeController {

        private final AuditLog auditLog;
        private final JdbcClient jdbc;

        ProbeController(AuditLog auditLog, JdbcClient jdbc) {
            this.auditLog = auditLog;
            this.jdbc = jdbc;
        }

        @GetMapping("/help/shutdown-probe")
        String probe() throws InterruptedException {
            ENTERED.countDown();
            RELEASE.await(60, TimeUnit.SECONDS);
            auditLog.record(AuditEvent.of(AuditAction.EXPORT, AuditOutcome.SUCCESS)
                    .actor(1L, "shutdown@example.test", "PATIENT")
                    .detail("probe", "shutdown")
                    .build());
            return "audited "
                    + jdbc.sql("SELECT count(*) FROM audit_event WHERE actor_name = 'shutdown@example.test'")
                            .query(Long.class)
                            .single();
        }
    }
}
