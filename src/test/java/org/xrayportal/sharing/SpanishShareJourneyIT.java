package org.xrayportal.sharing;

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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Import;
import org.xrayportal.access.AccessScope;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.PortalUser;
import org.xrayportal.support.Browser;
import org.xrayportal.support.BrowserExtension;
import org.xrayportal.support.PortalWithPacsTest;
import org.xrayportal.viewer.ViewerFixtures;

/**
 * Issue 19's share pages in Spanish, in two real Chromium browsers whose own language is English: the patient picks
 * "Español", shares two studies from a study page, and the recipient (no account) picks "Español" on the passcode
 * page, enters the passcode and opens each shared study in the view-only viewer. Every page says {@code <html
 * lang="es">}, has its heading exactly as in {@code messages_es.properties}, and passes axe-core at desktop and phone
 * size.
 */
@PortalWithPacsTest(webEnvironment = RANDOM_PORT)
@ExtendWith(BrowserExtension.class)
@Import(ViewerFixtures.class)
class SpanishShareJourneyIT {

    private static final String KNEE = study("mueller-knee-2024");
    private static final String HAND = study("mueller-hand-2023");
    private static final Properties ES = load("src/main/resources/messages_es.properties");

    @Autowired
    ViewerFixtures fixtures;

    @Value("${local.server.port}")
    int port;

    @Test
    void patientSharesTwoStudiesInSpanishAndTheRecipientViewsThemInSpanish(Browser browser) {
        PortalUser patient = fixtures.consentingPatient(DemoStudies.MUELLER);
        fixtures.grant(patient, AccessScope.allStudies(), null);

        browser.open("/login");
        toSpanish(browser);
        browser.signIn(patient.email(), PASSWORD).waitForPath("/patient");
        browser.open("/patient/studies/" + KNEE);
        assertThat(browser.text("a[href='/patient/studies/" + KNEE + "/share']"))
                .isEqualTo(es("sharing.studyLink"));
        browser.find("a[href='/patient/studies/" + KNEE + "/share']").click();
        browser.waitForPath("/patient/studies/" + KNEE + "/share");
        assertSpanish(browser, "sharing.form.heading");
        assertThat(browser.text("#study legend")).isEqualTo(es("sharing.form.studies"));
        assertThat(browser.find("input[name=study][value='" + KNEE + "']").isSelected())
                .isTrue();
        assertThat(browser.find("input[name=study][value='" + HAND + "']").isSelected())
                .isFalse();
        browser.checkBothSizes("es-share-form");

        browser.find("input[name=study][value='" + HAND + "']").click();
        browser.find("#recipient").sendKeys("Dra. López, traumatología");
        browser.find("main form button[type=submit]").click();
        browser.wait(d -> !browser.findAll("#share-link").isEmpty());
        assertSpanish(browser, "sharing.created.heading");
        assertThat(browser.text(".share-card")).contains("Para: Dra. López, traumatología");
        String link = browser.text("#share-link");
        String passcode = browser.text("#share-passcode");
        // The confirmation answers the POST, so it is checked without the reload of checkBothSizes.
        browser.desktop().assertAccessible();
        browser.screenshot("es-share-created");
        browser.phone().assertAccessible();
        browser.screenshot("es-share-created");
        browser.desktop();

        try (Browser recipient = Browser.start("http://localhost:" + port)) {
            recipient.open(link.substring(link.indexOf("/s/")));
            assertThat(recipient.find("html").getAttribute("lang")).isEqualTo("en");
            toSpanish(recipient);
            assertSpanish(recipient, "sharing.passcode.heading");
            assertThat(recipient.text("label[for=passcode]")).isEqualTo(es("sharing.passcode.label"));
            recipient.checkBothSizes("es-share-passcode");

            recipient.find("#passcode").sendKeys("MAL00-MAL00");
            recipient.find("main form button[type=submit]").click();
            recipient.wait(d -> !recipient.findAll("#error-summary").isEmpty());
            assertThat(recipient.find("html").getAttribute("lang")).isEqualTo("es");
            assertThat(recipient.text("#error-summary li")).isEqualTo(es("sharing.passcode.wrong"));
            recipient.desktop().assertAccessible();

            recipient.find("#passcode").sendKeys(passcode);
            recipient.find("main form button[type=submit]").click();
            recipient.waitForPath("/s/view");
            assertSpanish(recipient, "sharing.recipient.heading");
            assertThat(recipient.text("#recipient-notice-title")).isEqualTo(es("sharing.notice.title"));
            assertThat(recipient.findAll(".shared-study-list a[href^='/s/view/studies/']"))
                    .hasSize(2);
            recipient.checkBothSizes("es-share-studies");

            for (String uid : new String[] {KNEE, HAND}) {
                recipient.find("a[href='/s/view/studies/" + uid + "']").click();
                recipient.waitForPath("/s/view/studies/" + uid);
                assertThat(recipient.find("html").getAttribute("lang")).isEqualTo("es");
                assertThat(recipient.text("#series-title")).isEqualTo(es("study.series.heading"));
                assertThat(recipient.text("p.back-link a")).isEqualTo(es("sharing.recipient.back"));
                waitForImage(recipient);
                recipient.checkBothSizes("es-share-viewer");
                waitForImage(recipient);
                recipient.find("p.back-link a").click();
                recipient.waitForPath("/s/view");
            }
        }

        browser.open("/patient/shares");
        assertSpanish(browser, "sharing.list.heading");
        assertThat(browser.text(".share-item")).contains("Dra. López, traumatología");
        assertThat(browser.findAll(".share-studies li")).hasSize(2);
        browser.checkBothSizes("es-shares");
    }

    private static void toSpanish(Browser browser) {
        var english = browser.find("html");
        browser.find(".language-switcher button[value=es]").click();
        browser.waitUntilReplaced(english);
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("es");
    }

    private static void assertSpanish(Browser browser, String headingKey) {
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("es");
        assertThat(browser.text("main h1")).isEqualTo(es(headingKey));
    }

    private static void waitForImage(Browser browser) {
        browser.wait(d -> (Boolean) browser.driver()
                .executeScript("const i = document.getElementById('viewer-image');"
                        + " return i.complete && i.naturalWidth > 0"
                        + " && document.getElementById('viewer-loading').hidden;"));
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
