package org.xrayportal.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.xrayportal.support.Actors.actor;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
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

    @Test
    void queueWhenRequestsOfDifferentAgesThenOldestFirstWithAgesAndFlags() throws Exception {
        // Other tests of this context may have requests in the queue too: the rows of this test's own requests are
        // found by their links and checked in the order they appear.
        Instant now = Instant.parse("2026-11-27T12:00:00Z");
        Submitted fresh = submittedAt(now.minus(Duration.ofDays(3)), DemoStudies.MUELLER);
        Submitted soon = submittedAt(now.minus(Duration.ofDays(21)), DemoStudies.ODEGARD);
        Submitted late = submittedAt(now.minus(Duration.ofDays(31)), DemoStudies.NAKAMURA);
        clock.set(now);
        PortalUser staff = fixtures.user(Role.STAFF);

        String html = mvc.perform(get("/staff/requests").with(user(staff)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        Document page = Jsoup.parse(html);
        List<Long> own = List.of(late.id(), soon.id(), fresh.id());
        Map<Long, String> rows = new LinkedHashMap<>();
        for (Element row : page.select("tbody tr")) {
            String link = row.select("a[href^=/staff/requests/]").attr("href");
            long id = Long.parseLong(link.substring(link.lastIndexOf('/') + 1));
            if (own.contains(id)) {
                rows.put(id, row.text());
            }
        }
        assertThat(rows.keySet()).as("oldest first").containsExactlyElementsOf(own);
        assertThat(rows.get(late.id()))
                .contains(late.patient())
                .contains("31 days")
                .contains("Overdue");
        assertThat(rows.get(soon.id()))
                .contains(soon.patient())
                .contains("21 days")
                .contains("Due soon");
        assertThat(rows.get(fresh.id()))
                .contains(fresh.patient())
                .contains("3 days")
                .doesNotContain("Due soon")
                .doesNotContain("Overdue");
    }

    private record Submitted(long id, String patient) {}

    /** A request by a new patient, submitted at {@code when}. */
    private Submitted submittedAt(Instant when, DemoStudies.Patient identity) {
        clock.set(when);
        PortalUser patient = fixtures.consentingPatient(identity);
        AccessRequest request =
                access.submit(actor(patient, "192.0.2.1"), AccessScope.allStudies(), null, AccessRequest.Format.VIEW);
        return new Submitted(request.id(), patient.displayName());
    }
}
