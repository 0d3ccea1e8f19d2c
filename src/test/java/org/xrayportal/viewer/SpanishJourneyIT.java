package org.xrayportal.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;
import static org.xrayportal.viewer.ViewerFixtures.PASSWORD;
import static org.xrayportal.viewer.ViewerFixtures.study;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.xrayportal.access.AccessScope;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.support.Browser;
import org.xrayportal.support.BrowserExtension;
import org.xrayportal.support.PortalWithPacsTest;
import org.xrayportal.support.TestMail;

/**
 * Issue 16's journey in Spanish, in a real Chromium whose own language is English: the patient picks "Español" with
 * the switcher on the sign-in page, and the choice holds through sign-in, the terms, an access request, a study and
 * the access history. Each page is in Spanish (headings exactly as in {@code messages_es.properties}), says so in
 * {@code <html lang="es">}, and passes axe-core at desktop and phone size (which includes {@code html-lang-valid}).
 */
@PortalWithPacsTest(webEnvironment = RANDOM_PORT)
@ExtendWith(BrowserExtension.class)
@Import(ViewerFixtures.class)
class SpanishJourneyIT {

    private static final String KNEE = study("mueller-knee-2024");
    private static final Properties ES = load("src/main/resources/messages_es.properties");

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", TestMail::port);
    }

    @Autowired
    ViewerFixtures fixtures;

    @Autowired
    JdbcClient jdbc;

    @Test
    void patientChoosesSpanishThenTermsRequestStudyAndHistoryAreInSpanish(Browser browser) throws Exception {
        PortalUser patient = fixtures.user(Role.PATIENT);
        fixtures.link(patient, DemoStudies.MUELLER);

        // The browser asks for English; the switcher changes the page and the choice is remembered.
        browser.open("/login");
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("en");
        var english = browser.find("html");
        browser.find(".language-switcher button[value=es]").click();
        browser.waitUntilReplaced(english);
        assertSpanish(browser, "signIn.heading");
        assertThat(browser.find(".language-switcher button[value=es]").getAttribute("aria-pressed"))
                .isEqualTo("true");
        browser.checkBothSizes("es-sign-in");

        browser.open("/login").signIn(patient.email(), PASSWORD).waitForPath("/patient");
        assertSpanish(browser, "home.patient.heading");
        assertThat(language(patient))
                .as("the choice made before sign-in is the account's now")
                .isEqualTo("es");
        assertThat(browser.text(".call-to-action h2")).isEqualTo(es("home.patient.consent.heading"));

        // Terms of access.
        browser.find(".call-to-action a").click();
        browser.waitForPath("/patient/consent");
        assertSpanish(browser, "consent.page.heading");
        browser.checkBothSizes("es-consent");
        browser.find("#agree").click();
        browser.find("form.stacked-form button[type=submit]").click();
        browser.waitForPath("/done");
        assertSpanish(browser, "done.consentGiven.heading");

        // An access request.
        browser.open("/patient/requests");
        assertSpanish(browser, "access.patient.heading");
        browser.checkBothSizes("es-requests");
        browser.find("#scope-all").click();
        browser.find("#format-view").click();
        var form = browser.find("html");
        browser.find("form.stacked-form button[type=submit]").click();
        browser.waitUntilReplaced(form);
        browser.waitForPath("/done");
        assertThat(browser.text("[role=status]")).isEqualTo(es("access.flash.submitted"));
        assertThat(browser.text("#done-next")).isEqualTo(es("done.accessRequested.next"));

        // The clinic grants access; the study page is in Spanish around the study's own description.
        fixtures.grant(patient, AccessScope.allStudies(), null);
        assertThat(TestMail.awaitTo(patient.email(), 1).getLast().getSubject())
                .as("the email about the staff decision is in the patient's language")
                .isEqualTo(es("mail.accessUpdated.subject"));
        browser.open("/patient/studies");
        assertSpanish(browser, "studies.heading");
        browser.find("a[href='/patient/studies/" + KNEE + "']").click();
        browser.waitForPath("/patient/studies/" + KNEE);
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("es");
        assertThat(browser.text("#series-title")).isEqualTo(es("study.series.heading"));
        assertThat(browser.text("#consultation-title")).isEqualTo(es("consultation.form.heading"));
        browser.checkBothSizes("es-study");

        // The access history.
        browser.find("nav a[href='/patient/history']").click();
        browser.waitForPath("/patient/history");
        assertSpanish(browser, "history.heading");
        assertThat(browser.text("main")).contains(es("history.action.ACCESS_APPROVED"), es("history.you"));
        browser.checkBothSizes("es-history");

        // Another browser (English, no cookie): after sign-in the account's language applies.
        browser.find(".who button[type=submit]").click();
        browser.waitForPath("/login");
        browser.clearCookies();
        browser.open("/login");
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("en");
        browser.signIn(patient.email(), PASSWORD).waitForPath("/patient");
        assertSpanish(browser, "home.patient.heading");

        // Choosing English while signed in is remembered for the account.
        var spanish = browser.find("html");
        browser.find(".language-switcher button[value=en]").click();
        browser.waitUntilReplaced(spanish);
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("en");
        assertThat(language(patient)).isEqualTo("en");
    }

    private String language(PortalUser patient) {
        return jdbc.sql("SELECT language FROM account WHERE id = ?")
                .param(patient.id())
                .query(String.class)
                .single();
    }

    private static void assertSpanish(Browser browser, String headingKey) {
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("es");
        assertThat(browser.text("main h1")).isEqualTo(es(headingKey));
        assertThat(browser.text(".site-header")).contains(es("layout.language"));
    }

    private static String es(String key) {
        return ES.getProperty(key);
    }

    private static Properties load(String file) {
        var properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
