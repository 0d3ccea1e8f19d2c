package org.xrayportal.consultation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.xrayportal.account.AccountService;
import org.xrayportal.account.PatientSummary;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.support.PortalWebMvcTest;

/** The staff consultation queue's status filter through the web layer alone. */
@PortalWebMvcTest(StaffConsultationsController.class)
class StaffConsultationsControllerTest {

    private static final PortalUser STAFF = PortalUser.of(8, "sam@example.test", "Sam", Role.STAFF, true, null);

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ConsultationService consultations;

    @Autowired
    AccountService accounts;

    @Test
    void queueWhenStatusUnknownThen400SayingTheFilterIsUnknown() throws Exception {
        String page = mvc.perform(
                        get("/staff/consultations").param("status", "BOGUS").with(user(STAFF)))
                .andExpect(status().isBadRequest())
                .andExpect(view().name("error/problem"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        Document html = Jsoup.parse(page);
        assertThat(html.selectFirst("h1").text()).isEqualTo("That could not be done");
        assertThat(html.selectFirst("main p").text()).isEqualTo("Unknown status filter.");
        assertThat(html.selectFirst("main p a").attr("href")).isEqualTo("/staff/consultations");
        verifyNoInteractions(consultations);
    }

    @Test
    void queueWhenStatusKnownThenThatStatusOnly() throws Exception {
        when(consultations.queue(any())).thenReturn(List.of());
        mvc.perform(get("/staff/consultations").param("status", "ANSWERED").with(user(STAFF)))
                .andExpect(status().isOk())
                .andExpect(view().name("consultation/staff-queue"));
        verify(consultations).queue(List.of(Consultation.Status.ANSWERED));
    }

    @Test
    void queueShowsEachPatientsNameAndBirthDateInTheReadersLanguageFromOneLookup() throws Exception {
        Instant sent = Instant.parse("2026-11-20T09:30:00Z");
        when(consultations.queue(any()))
                .thenReturn(List.of(consultation(1, 41, sent), consultation(2, 42, sent), consultation(3, 41, sent)));
        when(accounts.summariesOf(Set.of(41L, 42L)))
                .thenReturn(Map.of(
                        41L, new PatientSummary(41, "Ana García", LocalDate.of(1980, 3, 12)),
                        42L, new PatientSummary(42, "Ben Okafor", null)));

        Document english = queuePage("en");
        assertThat(english.select("thead th").eachText())
                .containsExactly("Sent", "Patient", "Study", "Contact", "Status");
        assertThat(english.select("tbody td.patient").eachText())
                .containsExactly("Ana García born 12 Mar 1980", "Ben Okafor", "Ana García born 12 Mar 1980");

        Document spanish = queuePage("es");
        assertThat(spanish.select("tbody td.patient").first().text()).isEqualTo("Ana García nacido/a el 12 mar 1980");
        // one batch lookup per page, never one per row
        verify(accounts, times(2)).summariesOf(Set.of(41L, 42L));
        verify(accounts, never()).findById(anyLong());
    }

    private Document queuePage(String language) throws Exception {
        return Jsoup.parse(mvc.perform(get("/staff/consultations")
                        .header("Accept-Language", language)
                        .with(user(STAFF)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
    }

    private static Consultation consultation(long id, long accountId, Instant sent) {
        return new Consultation(
                id,
                accountId,
                "P" + accountId,
                "",
                "1.2.3." + id,
                LocalDate.of(2026, 11, 2),
                "Knee",
                "Is it broken?",
                Consultation.ContactMethod.PORTAL,
                null,
                null,
                Consultation.Status.OPEN,
                sent,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    @Test
    void queueWhenNoStatusThenWaitingAndTaken() throws Exception {
        when(consultations.queue(any())).thenReturn(List.of());
        mvc.perform(get("/staff/consultations").with(user(STAFF))).andExpect(status().isOk());
        verify(consultations).queue(List.of(Consultation.Status.OPEN, Consultation.Status.IN_PROGRESS));
    }
}
