package org.xrayportal.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.xrayportal.account.AccountService;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditEvent;
import org.xrayportal.audit.AuditLog;
import org.xrayportal.audit.AuditOutcome;
import org.xrayportal.imaging.DateRange;
import org.xrayportal.imaging.PacsGateway;
import org.xrayportal.security.Role;
import org.xrayportal.shared.PatientIdentity;
import org.xrayportal.support.PortalWithPacsTest;

/**
 * Prometheus scrapes with its own credential and gets the portal's metrics; anything else gets 401, never the
 * sign-in page. Every answer carries a request reference.
 */
@PortalWithPacsTest(properties = "portal.metrics.scrape-password=scrape-secret-for-tests")
@AutoConfigureMockMvc
class MetricsScrapeIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    PacsGateway pacs;

    @Autowired
    AuditLog auditLog;

    @Autowired
    AccountService accounts;

    @Test
    void scrapeWhenScraperCredentialThenPrometheusTextWithPacsAuditAndMailMetrics() throws Exception {
        pacs.searchStudies(PatientIdentity.of("1001", "XRAY-CLINIC"), DateRange.ANY);
        auditLog.record(AuditEvent.of(AuditAction.EXPORT, AuditOutcome.SUCCESS)
                .actor(1L, "metrics@example.test", "PATIENT")
                .build());

        String text = mvc.perform(get("/actuator/prometheus").with(httpBasic("prometheus", "scrape-secret-for-tests")))
                .andExpect(status().isOk())
                .andExpect(header().exists("X-Request-Id"))
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(text)
                .contains("portal_pacs_calls_seconds_count{operation=\"search\",outcome=\"success\"}")
                // One breaker per operation class since the transport branch; each one's state is visible.
                .contains(
                        "portal_pacs_circuit_breaker_state{breaker=\"pacs-search\",state=\"closed\"} 1.0\n",
                        "portal_pacs_circuit_breaker_state{breaker=\"pacs-search\",state=\"open\"} 0.0\n",
                        "portal_pacs_circuit_breaker_state{breaker=\"pacs-search\",state=\"half_open\"} 0.0\n",
                        "portal_pacs_circuit_breaker_state{breaker=\"pacs-render\",state=\"closed\"} 1.0\n",
                        "portal_pacs_circuit_breaker_state{breaker=\"pacs-render\",state=\"open\"} 0.0\n",
                        "portal_pacs_circuit_breaker_state{breaker=\"pacs-render\",state=\"half_open\"} 0.0\n",
                        "portal_pacs_circuit_breaker_state{breaker=\"pacs-retrieve\",state=\"closed\"} 1.0\n",
                        "portal_pacs_circuit_breaker_state{breaker=\"pacs-retrieve\",state=\"open\"} 0.0\n",
                        "portal_pacs_circuit_breaker_state{breaker=\"pacs-retrieve\",state=\"half_open\"} 0.0\n")
                .doesNotContain("portal_pacs_circuit_breaker_state{state=")
                .contains("portal_audit_writes_seconds_count{outcome=\"success\"}")
                .contains("cache_gets_total{cache=\"frames\"")
                .contains("portal_mail_outbox_failed");
    }

    @Test
    void scrapeWhenNoOrWrongCredentialThen401NotASignInRedirect() throws Exception {
        mvc.perform(get("/actuator/prometheus"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Basic realm=\"portal metrics\", charset=\"UTF-8\""));
        mvc.perform(get("/actuator/prometheus").with(httpBasic("prometheus", "wrong")))
                .andExpect(status().isUnauthorized());
        accounts.create("metrics-admin@example.test", "Metrics Admin", Role.ADMIN, "correct horse battery staple");
        mvc.perform(get("/actuator/prometheus")
                        .with(httpBasic("metrics-admin@example.test", "correct horse battery staple")))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void signedInAdminSessionIsNotTheScraper() throws Exception {
        mvc.perform(get("/actuator/prometheus").with(user("someone").roles("ADMIN")))
                .andExpect(status().isForbidden());
    }

    @Test
    void infoWhenAdminThenBuildJavaAndOsAndForAnyoneElseNothing() throws Exception {
        String info = mvc.perform(get("/actuator/info").with(user("privacy").roles("ADMIN")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(info)
                .contains("\"build\"")
                .contains("\"artifact\":\"xray-portal\"")
                .contains("\"java\"")
                .contains("\"os\"");
        mvc.perform(get("/actuator/info").with(user("lee").roles("STAFF"))).andExpect(status().isForbidden());
        // The scraper's credential opens /actuator/prometheus and nothing else.
        assertThat(mvc.perform(get("/actuator/info").with(httpBasic("prometheus", "scrape-secret-for-tests")))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isNotEqualTo(200);
    }
}
