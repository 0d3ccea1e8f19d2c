package org.xrayportal.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.test.web.servlet.MockMvc;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.support.PortalWebMvcTest;
import org.xrayportal.system.StaffQueueSummary;
import org.xrayportal.system.StaffQueueSummary.Item;
import org.xrayportal.system.StaffQueueSummary.Summary;

/** The staff home page: each queue's count, its oldest items with links, and an honest empty state. */
@PortalWebMvcTest(StaffHomeController.class)
@Import(StaffHomeControllerTest.Queues.class)
class StaffHomeControllerTest {

    private static final PortalUser STAFF = PortalUser.of(21, "lee@clinic.test", "Lee", Role.STAFF, true, null);
    private static final PortalUser PATIENT = PortalUser.of(7, "ana@example.test", "Ana", Role.PATIENT, true, null);

    @TestConfiguration
    static class Queues {

        @Bean
        @Order(2)
        StaffQueueSummary requests() {
            return first -> new Summary(
                    "access.queue.heading",
                    "/staff/requests",
                    7,
                    List.of(
                            new Item("Ana García", Instant.parse("2026-11-02T10:00:00Z"), "/staff/requests/31"),
                            new Item("", Instant.parse("2026-11-20T10:00:00Z"), "/staff/requests/35")));
        }

        @Bean
        @Order(1)
        StaffQueueSummary identityChecks() {
            return first -> new Summary("verification.queue.heading", "/staff/identity-checks", 0, List.of());
        }

        @Bean
        @Order(3)
        StaffQueueSummary consultations() {
            return first -> new Summary(
                    "consultation.queue.heading",
                    "/staff/consultations",
                    1,
                    List.of(new Item("Ben Okafor", Instant.parse("2026-11-28T23:30:00Z"), "/staff/consultations/4")));
        }
    }

    @Autowired
    MockMvc mvc;

    @Test
    void homeWhenStaffThenEachQueueInOrderWithCountOldestItemsLinksAndEmptyState() throws Exception {
        Document page = home("en");
        assertThat(page.selectFirst("main > p").text()).isEqualTo("What is waiting for the clinic, oldest first.");
        assertThat(page.select("section.staff-queue h2").eachText())
                .containsExactly(
                        "Identities to verify nothing waiting",
                        "Access requests 7 waiting",
                        "Consultation requests 1 waiting");

        Element checks = page.select("section.staff-queue").get(0);
        assertThat(checks.select("p.empty").text()).isEqualTo("Nothing is waiting here.");
        assertThat(checks.select("ul").isEmpty()).isTrue();
        assertThat(checks.selectFirst("a.queue-open").attr("href")).isEqualTo("/staff/identity-checks");

        Element requests = page.select("section.staff-queue").get(1);
        assertThat(requests.select("li").eachText())
                .containsExactly("Ana García since 2 Nov 2026", "(no name) since 20 Nov 2026");
        assertThat(requests.select("li a").eachAttr("href"))
                .containsExactly("/staff/requests/31", "/staff/requests/35");
        assertThat(requests.selectFirst("a.queue-open").text()).isEqualTo("Open the whole queue");
        assertThat(requests.selectFirst("a.queue-open").attr("href")).isEqualTo("/staff/requests");

        Element consultations = page.select("section.staff-queue").get(2);
        assertThat(consultations.select("li").eachText()).containsExactly("Ben Okafor since 28 Nov 2026");
        assertThat(consultations.select("li a").attr("href")).isEqualTo("/staff/consultations/4");
    }

    @Test
    void homeWhenSpanishThenCountsAndDatesInSpanish() throws Exception {
        Document page = home("es");
        assertThat(page.select("section.staff-queue h2").eachText())
                .containsExactly(
                        "Identidades por verificar nada en espera",
                        "Solicitudes de acceso 7 en espera",
                        "Solicitudes de consulta 1 en espera");
        assertThat(page.select("section.staff-queue").get(1).select("li").eachText())
                .containsExactly("Ana García desde el 2 nov 2026", "(sin nombre) desde el 20 nov 2026");
    }

    @Test
    void homeWhenShownThenTheMenuMarksItsHomeLinkAndNoOtherAsTheCurrentPage() throws Exception {
        assertThat(home("en").select("nav.site-nav a[aria-current]").stream()
                        .map(a -> a.attr("href") + " " + a.attr("aria-current")))
                .containsExactly("/staff page");
    }

    @Test
    void homeWhenShownThenTheStaffMenuHasExactlyItsPlacesIncludingTheIdentityQueue() throws Exception {
        Document english = home("en");
        assertThat(english.select("nav.site-nav a").stream().map(a -> a.attr("href") + " " + a.text()))
                .containsExactly(
                        "/staff Home",
                        "/staff/identity-checks Identity checks",
                        "/staff/requests Access requests",
                        "/staff/consultations Consultations",
                        "/staff/pacs PACS lookup");
        assertThat(home("es").select("nav.site-nav a").eachText())
                .containsExactly(
                        "Inicio", "Verificar identidades", "Solicitudes de acceso", "Consultas", "Consulta en el PACS");
    }

    @Test
    void homeWhenPatientThenForbidden() throws Exception {
        mvc.perform(get("/staff").with(user(PATIENT))).andExpect(status().isForbidden());
    }

    private Document home(String language) throws Exception {
        return Jsoup.parse(
                mvc.perform(get("/staff").header("Accept-Language", language).with(user(STAFF)))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString());
    }
}
