package org.xrayportal.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.xrayportal.support.Actors.actor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.support.MutableClock;
import org.xrayportal.support.PortalWithPacsTest;
import org.xrayportal.support.TestClockConfiguration;

/** The staff queue shows each request's age against the 30-day clock; the clock is injected, never slept. */
@PortalWithPacsTest
@AutoConfigureMockMvc
@Import({TestClockConfiguration.class, AccessFixtures.class})
class StaffQueueIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    AccessService access;

    @Autowired
    AccessFixtures fixtures;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Test
    void queueWhenRequestsOfDifferentAgesThenOldestFirstWithAgesAndFlags() throws Exception {
        jdbc.sql("DELETE FROM access_grant").update();
        jdbc.sql("DELETE FROM access_request").update();
        Instant now = Instant.parse("2026-11-27T12:00:00Z");
        PortalUser fresh = submittedAt(now.minus(Duration.ofDays(3)), DemoStudies.MUELLER);
        PortalUser soon = submittedAt(now.minus(Duration.ofDays(21)), DemoStudies.ODEGARD);
        PortalUser late = submittedAt(now.minus(Duration.ofDays(31)), DemoStudies.NAKAMURA);
        clock.set(now);
        PortalUser staff = fixtures.user(Role.STAFF);

        String html = mvc.perform(get("/staff/requests").with(user(staff)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        Document page = Jsoup.parse(html);
        List<String> rows = page.select("tbody tr").eachText();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).contains(late.displayName()).contains("31 days").contains("Overdue");
        assertThat(rows.get(1)).contains(soon.displayName()).contains("21 days").contains("Due soon");
        assertThat(rows.get(2))
                .contains(fresh.displayName())
                .contains("3 days")
                .doesNotContain("Due soon")
                .doesNotContain("Overdue");
    }

    private PortalUser submittedAt(Instant when, DemoStudies.Patient identity) {
        clock.set(when);
        PortalUser patient = fixtures.consentingPatient(identity);
        access.submit(actor(patient, "192.0.2.1"), AccessScope.allStudies(), null, AccessRequest.Format.VIEW);
        return patient;
    }
}
