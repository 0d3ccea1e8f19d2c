package org.xrayportal.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import java.time.Instant;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.xrayportal.account.Actor;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.support.PortalWebMvcTest;
import org.xrayportal.system.Confirmation;

/** The terms page through the web layer alone: who may reach it, CSRF, the explicit agreement, where it sends back. */
@PortalWebMvcTest(PatientConsentController.class)
class PatientConsentControllerTest {

    private static final PortalUser PATIENT = PortalUser.of(7, "ana@example.test", "Ana", Role.PATIENT, true, null);
    private static final PortalUser STAFF = PortalUser.of(8, "sam@example.test", "Sam", Role.STAFF, true, null);

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ConsentService consents;

    @BeforeEach
    void terms() {
        ConsentDocument terms = new ConsentDocument(
                3, "Terms of access", "You may view your own images.", Instant.EPOCH, Instant.EPOCH);
        when(consents.statusOf(anyLong())).thenReturn(new ConsentStatus(ConsentStatus.State.NOT_GIVEN, terms, null));
        when(consents.history(anyLong())).thenReturn(List.of());
        when(consents.inLanguage(any(), any())).thenAnswer(call -> call.getArgument(0));
        when(consents.languageOf(any(), any())).thenReturn("en");
        when(consents.accept(any(), anyInt(), any())).thenReturn(true);
    }

    @Test
    void showWhenNotSignedInThenRedirectedToSignIn() throws Exception {
        mvc.perform(get("/patient/consent")).andExpect(status().isFound()).andExpect(redirectedUrl("/login"));
    }

    @Test
    void showWhenStaffThenForbidden() throws Exception {
        mvc.perform(get("/patient/consent").with(user(STAFF))).andExpect(status().isForbidden());
    }

    @Test
    void showWhenPatientThenTheTermsPage() throws Exception {
        mvc.perform(get("/patient/consent").with(user(PATIENT)))
                .andExpect(status().isOk())
                .andExpect(view().name("consent/terms"));
    }

    @Test
    void acceptWhenNoCsrfTokenThenForbiddenAndNothingRecorded() throws Exception {
        mvc.perform(post("/patient/consent")
                        .with(user(PATIENT))
                        .param("version", "1")
                        .param("agree", "true"))
                .andExpect(status().isForbidden());
        verify(consents, never()).accept(any(), anyInt(), any());
    }

    @Test
    void acceptWhenNotTickedThen422AndNothingRecorded() throws Exception {
        mvc.perform(post("/patient/consent").with(user(PATIENT)).with(csrf()).param("version", "1"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(view().name("consent/terms"));
        verify(consents, never()).accept(any(), anyInt(), any());
    }

    @Test
    void acceptWhenNotTickedThenErrorSummaryAtTheTopLinksToTheCheckbox() throws Exception {
        String page = mvc.perform(post("/patient/consent")
                        .with(user(PATIENT))
                        .with(csrf())
                        .param("version", "3"))
                .andExpect(status().isUnprocessableContent())
                .andReturn()
                .getResponse()
                .getContentAsString();
        Element summary = Jsoup.parse(page).getElementById("error-summary");
        assertThat(summary).isNotNull();
        assertThat(summary.attr("role")).isEqualTo("alert");
        assertThat(summary.selectFirst("#error-summary-title").text()).isEqualTo("There is a problem");
        Element link = summary.selectFirst(".error-summary-list a");
        assertThat(link.attr("href")).isEqualTo("#agree");
        assertThat(link.text()).isEqualTo("To agree, tick the box to confirm you have read the terms.");
        assertThat(summary.select("script").attr("src")).isEqualTo("/js/error-summary.js");
    }

    @Test
    void acceptWhenVersionNotANumberThen400AndNothingRecorded() throws Exception {
        mvc.perform(post("/patient/consent")
                        .with(user(PATIENT))
                        .with(csrf())
                        .param("version", "one")
                        .param("agree", "true"))
                .andExpect(status().isBadRequest());
        verifyNoInteractions(consents);
    }

    @Test
    void acceptWhenAgreedThenRecordedForThePatientAndBackToTheStudyAsked() throws Exception {
        mvc.perform(post("/patient/consent")
                        .with(user(PATIENT))
                        .with(csrf())
                        .param("version", "3")
                        .param("agree", "true")
                        .param("next", "/patient/studies/1.2.840.99"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/done"))
                .andExpect(flash().attribute(
                                "confirmation",
                                new Confirmation(
                                        "consentRenewed", "consent.flash.accepted", "/patient/studies/1.2.840.99")));
        verify(consents).accept(eq(new Actor(7, "ana@example.test", Role.PATIENT, "127.0.0.1")), eq(3), any());
    }

    @Test
    void acceptWhenNextIsAnotherSiteThenBackToThePatientHomeInstead() throws Exception {
        mvc.perform(post("/patient/consent")
                        .with(user(PATIENT))
                        .with(csrf())
                        .param("version", "3")
                        .param("agree", "true")
                        .param("next", "https://evil.example/patient/studies/1.2"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/done"))
                .andExpect(flash().attribute(
                                "confirmation",
                                new Confirmation("consentGiven", "consent.flash.accepted", "/patient/requests")));
    }
}
