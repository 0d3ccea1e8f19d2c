package org.xrayportal.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;
import static org.xrayportal.viewer.ViewerFixtures.PASSWORD;
import static org.xrayportal.viewer.ViewerFixtures.study;

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
 * Issue 19's journey in two real Chromium browsers: the patient shares a study from its page; the recipient, in a
 * browser of their own with no account, opens the link, gets a wrong passcode refused, enters the right one and sees
 * the image with the clinician's notice; the patient sees both accesses and ends the share; the recipient's next
 * request gets the "no longer available" page. Every share page passes axe-core at phone and desktop size.
 */
@PortalWithPacsTest(webEnvironment = RANDOM_PORT)
@ExtendWith(BrowserExtension.class)
@Import(ViewerFixtures.class)
class ShareJourneyIT {

    private static final String KNEE = study("mueller-knee-2024");

    @Autowired
    ViewerFixtures fixtures;

    @Value("${local.server.port}")
    int port;

    @Test
    void patientSharesRecipientOpensPatientRevokesRecipientIsTurnedAway(Browser browser) {
        PortalUser patient = fixtures.consentingPatient(DemoStudies.MUELLER);
        fixtures.grant(patient, AccessScope.allStudies(), null);

        browser.open("/login").signIn(patient.email(), PASSWORD).waitForPath("/patient");
        browser.open("/patient/studies/" + KNEE);
        browser.find("a[href='/patient/studies/" + KNEE + "/share']").click();
        browser.waitForPath("/patient/studies/" + KNEE + "/share");
        browser.checkBothSizes("share-form");
        browser.find("#recipient").sendKeys("Dr Lee, orthopaedics");
        browser.find("main form button[type=submit]").click();
        browser.wait(d -> !browser.findAll("#share-link").isEmpty());
        String link = browser.text("#share-link");
        String passcode = browser.text("#share-passcode");
        assertThat(link).matches("http://localhost:" + port + "/s/[A-Za-z0-9_-]{32}");
        assertThat(passcode).matches("[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}");
        assertThat(browser.find(".share-qr").getAttribute("src")).startsWith("data:image/svg+xml;base64,");
        assertThat(browser.text(".share-card"))
                .contains("For: Dr Lee, orthopaedics")
                .contains("View only");
        // The confirmation answers the POST (the passcode is never kept in a session), so it is checked without the
        // reload that checkBothSizes does.
        browser.desktop().assertAccessible();
        browser.phone().assertAccessible();
        browser.desktop();

        try (Browser recipient = Browser.start("http://localhost:" + port)) {
            String path = link.substring(link.indexOf("/s/"));
            recipient.open(path);
            recipient.checkBothSizes("share-passcode");
            recipient.find("#passcode").sendKeys("WRONG-PASSS");
            recipient.find("main form button[type=submit]").click();
            recipient.wait(d -> !recipient.findAll("#error-summary").isEmpty());
            assertThat(recipient.text("#error-summary")).contains("That is not right, or this link does not exist.");
            recipient.desktop().assertAccessible();

            recipient.find("#passcode").sendKeys(passcode.toLowerCase());
            recipient.find("main form button[type=submit]").click();
            recipient.waitForPath("/s/view");
            assertThat(recipient.text(".recipient-notice"))
                    .contains("Shared by the patient")
                    .contains("not the clinic's diagnostic copy")
                    .contains("Patient: Jürgen Müller, born 14 Mar 1958");
            recipient.checkBothSizes("share-studies");
            recipient.find("a[href='/s/view/studies/" + KNEE + "']").click();
            recipient.waitForPath("/s/view/studies/" + KNEE);
            waitForImage(recipient);
            assertThat(recipient.find("#viewer-image").getAttribute("src")).contains("/s/view/studies/" + KNEE);
            assertThat(recipient.findAll(".series-link img")).hasSize(3);
            assertThat(recipient.findAll("a[href*='download']")).isEmpty();
            recipient.checkBothSizes("share-viewer");
            waitForImage(recipient);

            browser.open("/patient/shares");
            assertThat(browser.text(".share-item"))
                    .contains("Dr Lee, orthopaedics")
                    .contains("Active")
                    .contains("Opened with the passcode")
                    .contains("Wrong passcode")
                    .contains("Computer");
            browser.checkBothSizes("shares");
            browser.find(".share-item form button[type=submit]").click();
            browser.wait(d -> !browser.findAll("[role=status]").isEmpty());
            assertThat(browser.text("[role=status]")).contains("The share has ended.");
            assertThat(browser.text(".share-item")).contains("Ended");

            recipient.driver().navigate().refresh();
            recipient.wait(d -> !recipient.findAll("h1").isEmpty()
                    && recipient.text("h1").contains("This link is no longer available"));
            recipient.checkBothSizes("share-ended");
            recipient.open(path);
            assertThat(recipient.text("h1")).isEqualTo("This link is no longer available");
        }
    }

    private static void waitForImage(Browser browser) {
        browser.wait(d -> (Boolean) browser.driver()
                .executeScript("const i = document.getElementById('viewer-image');"
                        + " return i.complete && i.naturalWidth > 0"
                        + " && document.getElementById('viewer-loading').hidden;"));
    }
}
