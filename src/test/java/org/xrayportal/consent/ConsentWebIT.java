package org.xrayportal.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.xrayportal.support.Actors.actor;

import java.util.Locale;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.xrayportal.account.AccountService;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.support.PortalIntegrationTest;

@PortalIntegrationTest
@AutoConfigureMockMvc
class ConsentWebIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    ConsentService consents;

    @Autowired
    AccountService accounts;

    @Autowired
    UserDetailsService users;

    PortalUser patient;
    PortalUser admin;

    @BeforeEach
    void accounts() {
        patient = create(Role.PATIENT);
        admin = create(Role.ADMIN);
    }

    @Test
    void termsPageWhenNotAgreedThenShowsTextAndAnUntickedBox() throws Exception {
        mvc.perform(get("/patient/consent").with(user(patient)))
                .andExpect(status().isOk())
                .andExpect(header().string(HttpHeaders.CACHE_CONTROL, Matchers.containsString("no-store")))
                .andExpect(content().string(Matchers.containsString("not a diagnosis")))
                .andExpect(content().string(Matchers.containsString("id=\"agree\"")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("checked"))));
    }

    @Test
    void agreeWhenBoxNotTickedThenUnprocessableAndNothingRecorded() throws Exception {
        mvc.perform(post("/patient/consent")
                        .with(user(patient))
                        .with(csrf())
                        .param("version", String.valueOf(currentVersion())))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(Matchers.containsString("tick the box")));

        assertThat(consents.history(patient.id())).isEmpty();
    }

    @Test
    void agreeWhenTickedThenRecordedWithUserAgentAndRedirectedHome() throws Exception {
        mvc.perform(post("/patient/consent")
                        .with(user(patient))
                        .with(csrf())
                        .header(HttpHeaders.USER_AGENT, "Browser/1.0")
                        .with(request -> {
                            request.setRemoteAddr("192.0.2.44");
                            return request;
                        })
                        .param("version", String.valueOf(currentVersion()))
                        .param("agree", "true"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/done"));

        assertThat(consents.hasCurrentConsent(patient.id())).isTrue();
        ConsentAcceptance acceptance = consents.history(patient.id()).getFirst();
        assertThat(acceptance.userAgent()).isEqualTo("Browser/1.0");
        assertThat(acceptance.clientAddress()).isEqualTo("192.0.2.44");
    }

    @Test
    void agreeWhenNoCsrfTokenThenForbiddenAndNothingRecorded() throws Exception {
        mvc.perform(post("/patient/consent")
                        .with(user(patient))
                        .param("version", String.valueOf(currentVersion()))
                        .param("agree", "true"))
                .andExpect(status().isForbidden());

        assertThat(consents.history(patient.id())).isEmpty();
    }

    @Test
    void agreeWhenVersionIsStaleThenConflictPage() throws Exception {
        mvc.perform(post("/patient/consent")
                        .with(user(patient))
                        .with(csrf())
                        .param("version", "999")
                        .param("agree", "true"))
                .andExpect(status().isConflict())
                .andExpect(content().string(Matchers.containsString("The terms changed")));
    }

    @Test
    void agreeWhenVersionIsNotANumberThenBadRequest() throws Exception {
        mvc.perform(post("/patient/consent")
                        .with(user(patient))
                        .with(csrf())
                        .param("version", "one")
                        .param("agree", "true"))
                .andExpect(status().isBadRequest());

        assertThat(consents.history(patient.id())).isEmpty();
    }

    @Test
    void withdrawWhenAgreedThenOneStepEndsConsent() throws Exception {
        consents.accept(actor(patient, "192.0.2.44"), currentVersion(), "ua");

        mvc.perform(post("/patient/consent/withdraw").with(user(patient)).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/done"));

        assertThat(consents.hasCurrentConsent(patient.id())).isFalse();
    }

    @Test
    void withdrawWhenNothingInForceThenConflict() throws Exception {
        mvc.perform(post("/patient/consent/withdraw").with(user(patient)).with(csrf()))
                .andExpect(status().isConflict());
    }

    @Test
    void termsPagesWhenWrongRoleThenForbidden() throws Exception {
        mvc.perform(get("/patient/consent").with(user(admin))).andExpect(status().isForbidden());
        mvc.perform(get("/admin/consent").with(user(patient))).andExpect(status().isForbidden());
    }

    @Test
    void publishWhenFieldsInvalidThenUnprocessableWithErrorsAndNoNewVersion() throws Exception {
        int before = consents.allDocuments().size();

        mvc.perform(post("/admin/consent")
                        .with(user(admin))
                        .with(csrf())
                        .param("title", " ")
                        .param("body", "")
                        .param("effectiveFrom", "2001-01-01"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(Matchers.containsString("Enter a title.")))
                .andExpect(content().string(Matchers.containsString("Enter the text of the terms.")))
                .andExpect(content().string(Matchers.containsString("The date cannot be in the past.")));

        assertThat(consents.allDocuments()).hasSize(before);
    }

    @Test
    void publishWhenDateMalformedThenUnprocessable() throws Exception {
        int before = consents.allDocuments().size();

        mvc.perform(post("/admin/consent")
                        .with(user(admin))
                        .with(csrf())
                        .param("title", "T")
                        .param("body", "B")
                        .param("effectiveFrom", "tomorrow"))
                .andExpect(status().isUnprocessableContent());

        assertThat(consents.allDocuments()).hasSize(before);
    }

    @Test
    void publishWhenValidThenNextVersionListed() throws Exception {
        int before = consents.allDocuments().size();

        mvc.perform(post("/admin/consent")
                        .with(user(admin))
                        .with(csrf())
                        .param("title", "Terms, revised")
                        .param("body", "New text.")
                        .param("effectiveFrom", "2099-01-01"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/admin/consent"));

        assertThat(consents.allDocuments()).hasSize(before + 1);
        mvc.perform(get("/admin/consent").with(user(admin)))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("Terms, revised")));
    }

    @Test
    void termsWhenVersionTwoInSpanishThenWithSharingConsentAndRecordsRequest() {
        ConsentDocument second = consents.document(2).orElseThrow();

        ConsentDocument inSpanish = consents.inLanguage(second, Locale.forLanguageTag("es"));
        assertThat(inSpanish.version()).isEqualTo(2);
        assertThat(inSpanish.title()).isEqualTo("Condiciones de acceso a sus imágenes de rayos X");
        assertThat(inSpanish.body())
                .contains("## Copias, derivaciones y segundas opiniones\nLa vía formal para obtener una copia de sus"
                        + " imágenes, o para que otro profesional las lea como segunda opinión, es una solicitud de"
                        + " registros o una derivación a través de la clínica.")
                .contains("- Compartir sus imágenes fuera de su atención directa requiere su consentimiento: solo"
                        + " usted decide si las comparte, con quién y durante cuánto tiempo.");
        assertThat(consents.document(1).orElseThrow().body()).doesNotContain("records request");
    }

    @Test
    void termsWhenSpanishThenTheSameVersionInSpanishElseAsPublished() {
        ConsentDocument seeded = consents.document(1).orElseThrow();
        Locale spanish = Locale.forLanguageTag("es");

        ConsentDocument inSpanish = consents.inLanguage(seeded, spanish);
        assertThat(inSpanish.version()).isEqualTo(1);
        assertThat(inSpanish.title()).isEqualTo("Condiciones de acceso a sus imágenes de rayos X");
        assertThat(inSpanish.body()).contains("Ver las imágenes aquí no es un diagnóstico");
        assertThat(consents.languageOf(seeded, spanish)).isEqualTo("es");
        assertThat(consents.inLanguage(seeded, Locale.ENGLISH)).isSameAs(seeded);
        assertThat(consents.languageOf(seeded, Locale.ENGLISH)).isEqualTo("en");
    }

    @Test
    void publishWhenSpanishGivenThenStoredWithTheVersionAndHalfASpanishTextRefused() throws Exception {
        mvc.perform(post("/admin/consent")
                        .with(user(admin))
                        .with(csrf())
                        .param("title", "Terms, bilingual")
                        .param("body", "English text.")
                        .param("effectiveFrom", "2099-02-01")
                        .param("spanishTitle", "Condiciones, bilingües")
                        .param("spanishBody", ""))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(Matchers.containsString("Enter the text in Spanish")));

        mvc.perform(post("/admin/consent")
                        .with(user(admin))
                        .with(csrf())
                        .param("title", "Terms, bilingual")
                        .param("body", "English text.")
                        .param("effectiveFrom", "2099-02-01")
                        .param("spanishTitle", "Condiciones, bilingües")
                        .param("spanishBody", "Texto en español."))
                .andExpect(status().is3xxRedirection());

        ConsentDocument published = consents.allDocuments().getFirst();
        assertThat(published.title()).isEqualTo("Terms, bilingual");
        ConsentDocument inSpanish = consents.inLanguage(published, Locale.forLanguageTag("es"));
        assertThat(inSpanish.title()).isEqualTo("Condiciones, bilingües");
        assertThat(inSpanish.body()).isEqualTo("Texto en español.");
        assertThat(inSpanish.version()).isEqualTo(published.version());
    }

    private int currentVersion() {
        return consents.currentDocument().orElseThrow().version();
    }

    private PortalUser create(Role role) {
        String email = role.name().toLowerCase() + "-" + UUID.randomUUID() + "@example.test";
        accounts.create(email, "Test " + role, role, "correct horse battery staple");
        return (PortalUser) users.loadUserByUsername(email);
    }
}
