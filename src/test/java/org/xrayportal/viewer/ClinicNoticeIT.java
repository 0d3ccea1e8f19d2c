package org.xrayportal.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.xrayportal.viewer.ViewerFixtures.instance;
import static org.xrayportal.viewer.ViewerFixtures.series;
import static org.xrayportal.viewer.ViewerFixtures.study;

import jakarta.servlet.http.Cookie;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.xrayportal.access.AccessScope;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.support.PortalWithPacsTest;

/**
 * The notice beside images and the help page as versioned documents per language (issue 16): an admin publishes a new
 * version at /admin/texts, the next page shows it beside the image, and the next view event names it; another
 * language keeps its own version; a language with none shows the English text.
 */
@PortalWithPacsTest
@AutoConfigureMockMvc
@Import(ViewerFixtures.class)
class ClinicNoticeIT {

    static final String KNEE = study("mueller-knee-2024");
    static final String KNEE_AP = series("mueller-knee-2024", 1);
    static final String KNEE_AP_1 = instance("mueller-knee-2024", 1, 1);
    static final Cookie SPANISH = new Cookie("portal-language", "es");

    @Autowired
    MockMvc mvc;

    @Autowired
    ViewerFixtures fixtures;

    @Autowired
    JdbcClient jdbc;

    PortalUser patient;
    PortalUser admin;

    @BeforeEach
    void setUp() {
        patient = fixtures.consentingPatient(DemoStudies.MUELLER);
        fixtures.grant(patient, AccessScope.allStudies(), null);
        admin = fixtures.user(Role.ADMIN);
    }

    @AfterEach
    void backToTheSeededTexts() {
        // Other tests read the seeded texts (V66): versions published here are removed again.
        jdbc.sql("DELETE FROM clinic_text WHERE version > 1").update();
    }

    @Test
    void publishWhenNewSpanishNoticeThenShownBesideTheImageAndNamedInTheNextViewEvent() throws Exception {
        Document before = studyPage(SPANISH, new MockHttpSession());
        assertThat(before.selectFirst("#viewer-notice").attr("lang")).isEqualTo("es");
        assertThat(before.selectFirst("#viewer-notice").attr("data-notice-version"))
                .isEqualTo("es/1");
        assertThat(before.selectFirst("#viewer-notice-title").text()).isEqualTo("Esto no es un diagnóstico");
        assertThat(lastViewNotice()).isEqualTo("es/1");

        mvc.perform(post("/admin/texts/notice/es")
                        .with(user(admin))
                        .with(csrf())
                        .param("title", "Aviso revisado")
                        .param("summary", "Hable de estas imágenes con su médico antes de sacar conclusiones.")
                        .param("body", "Primer párrafo del aviso.\n\n- Un punto\n- Otro punto"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/admin/texts/notice/es"))
                .andExpect(flash().attribute("flashArgument", 2));

        MockHttpSession visit = new MockHttpSession();
        Document after = studyPage(SPANISH, visit);
        assertThat(after.selectFirst("#viewer-notice").attr("data-notice-version"))
                .isEqualTo("es/2");
        assertThat(after.selectFirst("#viewer-notice-title").text()).isEqualTo("Aviso revisado");
        assertThat(after.selectFirst("#viewer-notice-short").text())
                .isEqualTo("Hable de estas imágenes con su médico antes de sacar conclusiones.");
        assertThat(after.select("#viewer-notice .notice-more p").eachText())
                .containsExactly("Primer párrafo del aviso.");
        assertThat(after.select("#viewer-notice .notice-more li").eachText()).containsExactly("Un punto", "Otro punto");
        assertThat(lastViewNotice()).as("the study view event").isEqualTo("es/2");

        mvc.perform(get(frame()).with(user(patient)).session(visit).cookie(SPANISH))
                .andExpect(status().isOk());
        assertThat(lastViewNotice()).as("the series view event").isEqualTo("es/2");

        Document english = studyPage(null, new MockHttpSession());
        assertThat(english.selectFirst("#viewer-notice").attr("data-notice-version"))
                .as("English keeps its own version")
                .isEqualTo("en/1");
        assertThat(english.selectFirst("#viewer-notice-title").text()).isEqualTo("This is not a diagnosis");
        assertThat(lastViewNotice()).isEqualTo("en/1");

        String published = jdbc.sql("""
                        SELECT details FROM audit_event WHERE action = 'CLINIC_TEXT_PUBLISHED' AND actor_id = ?
                        """).param(admin.id()).query(String.class).single();
        assertThat(published).contains("\"text\":\"notice\"", "\"language\":\"es\"", "\"version\":2");
    }

    @Test
    void publishWhenSummaryMissingOrUnknownLanguageThenRefusedAndNothingPublished() throws Exception {
        mvc.perform(post("/admin/texts/notice/en")
                        .with(user(admin))
                        .with(csrf())
                        .param("title", "Notice")
                        .param("summary", " ")
                        .param("body", "Text."))
                .andExpect(status().isUnprocessableContent());
        mvc.perform(post("/admin/texts/notice/de")
                        .with(user(admin))
                        .with(csrf())
                        .param("title", "Hinweis")
                        .param("summary", "Satz.")
                        .param("body", "Text."))
                .andExpect(status().isNotFound());
        mvc.perform(get("/admin/texts/leaflet/en").with(user(admin))).andExpect(status().isNotFound());
        mvc.perform(get("/admin/texts").with(user(patient))).andExpect(status().isForbidden());

        assertThat(jdbc.sql("SELECT count(*) FROM clinic_text WHERE version > 1")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void helpWhenPublishedInEnglishThenEnglishPagesShowItAndSpanishKeepsItsOwn() throws Exception {
        mvc.perform(post("/admin/texts/help/en")
                        .with(user(admin))
                        .with(csrf())
                        .param("title", "About your X-ray images")
                        .param("body", "## Copies\nAsk the clinic for a records request."))
                .andExpect(status().isFound());

        Document english = Jsoup.parse(mvc.perform(get("/help/images"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(english.selectFirst("h1").text()).isEqualTo("About your X-ray images");
        assertThat(english.selectFirst("main h3").text()).isEqualTo("Copies");
        assertThat(english.selectFirst("main article").attr("data-help-version"))
                .isEqualTo("en/2");

        Document spanish = Jsoup.parse(mvc.perform(get("/help/images").cookie(SPANISH))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(spanish.selectFirst("h1").text()).isEqualTo("Sobre sus imágenes");
        assertThat(spanish.selectFirst("main article").attr("data-help-version"))
                .isEqualTo("es/1");
    }

    private Document studyPage(Cookie language, MockHttpSession session) throws Exception {
        var request = get("/patient/studies/" + KNEE).with(user(patient)).session(session);
        if (language != null) {
            request = request.cookie(language);
        }
        return Jsoup.parse(mvc.perform(request)
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String frame() {
        return "/patient/studies/" + KNEE + "/series/" + KNEE_AP + "/instances/" + KNEE_AP_1 + "/frames/1";
    }

    private String lastViewNotice() {
        return jdbc.sql("""
                        SELECT details::jsonb ->> 'notice' FROM audit_event
                        WHERE action = 'VIEW' AND actor_id = ? ORDER BY sequence DESC LIMIT 1
                        """).param(patient.id()).query(String.class).single();
    }
}
