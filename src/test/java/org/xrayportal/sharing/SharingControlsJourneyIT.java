package org.xrayportal.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;
import static org.xrayportal.viewer.ViewerFixtures.PASSWORD;
import static org.xrayportal.viewer.ViewerFixtures.study;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xrayportal.access.AccessScope;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.support.Browser;
import org.xrayportal.support.BrowserExtension;
import org.xrayportal.support.PortalWithPacsTest;
import org.xrayportal.viewer.ViewerFixtures;

/**
 * The patient's new passcode and the admin's sharing controls in real Chromium browsers (issue 19): the patient makes
 * a share and then a new passcode for it (shown once); an admin turns sharing off on {@code /admin/sharing}; the
 * patient's study page no longer offers "Share with your doctor", the list says the links are paused, and the
 * recipient's link answers the paused page. Every page passes axe-core at phone and desktop size.
 */
@PortalWithPacsTest(webEnvironment = RANDOM_PORT)
@ExtendWith(BrowserExtension.class)
@Import(ViewerFixtures.class)
class SharingControlsJourneyIT {

    private static final String KNEE = study("mueller-knee-2024");

    @Autowired
    ViewerFixtures fixtures;

    @Autowired
    JdbcClient jdbc;

    @Value("${local.server.port}")
    int port;

    @AfterEach
    void clinicControlsBackToTheConfiguration() {
        jdbc.sql("DELETE FROM sharing_settings").update();
    }

    @Test
    void patientRenewsAPasscodeThenAnAdminTurnsSharingOff(Browser browser) {
        PortalUser patient = fixtures.consentingPatient(DemoStudies.MUELLER);
        fixtures.grant(patient, AccessScope.allStudies(), null);

        browser.open("/login").signIn(patient.email(), PASSWORD).waitForPath("/patient");
        browser.open("/patient/shares");
        browser.find("a[href='/patient/shares/new']").click();
        browser.waitForPath("/patient/shares/new");
        browser.find("input[name=study][value='" + KNEE + "']").click();
        browser.find("#recipient").sendKeys("Dr Lee");
        browser.find("main form button[type=submit]").click();
        browser.wait(d -> !browser.findAll("#share-link").isEmpty());
        String link = browser.text("#share-link");
        String first = browser.text("#share-passcode");

        browser.open("/patient/shares");
        browser.find(".share-item form[action$='/passcode'] button").click();
        browser.wait(d -> !browser.findAll("#share-passcode").isEmpty());
        assertThat(browser.text("main h1")).isEqualTo("Your new passcode");
        String renewed = browser.text("#share-passcode");
        assertThat(renewed).matches("[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}").isNotEqualTo(first);
        browser.desktop().assertAccessible();
        browser.screenshot("share-renewed");
        browser.phone().assertAccessible();
        browser.screenshot("share-renewed");
        browser.desktop();

        PortalUser admin = fixtures.user(Role.ADMIN);
        try (Browser console = Browser.start("http://localhost:" + port)) {
            console.open("/login").signIn(admin.email(), PASSWORD).waitForPath("/admin");
            console.find("a[href='/admin/sharing']").click();
            console.waitForPath("/admin/sharing");
            assertThat(console.text("main h1")).isEqualTo("Patients sharing images");
            assertThat(console.find("#enabled").isSelected()).isTrue();
            console.checkBothSizes("admin-sharing");
            console.find("#enabled").click();
            console.find("main form button[type=submit]").click();
            console.wait(d -> !console.findAll("[role=status]").isEmpty());
            assertThat(console.text("[role=status]")).isEqualTo("The sharing controls are saved and apply now.");
            assertThat(console.find("#enabled").isSelected()).isFalse();
        }

        browser.open("/patient/studies/" + KNEE);
        assertThat(browser.findAll("a[href='/patient/studies/" + KNEE + "/share']"))
                .isEmpty();
        browser.open("/patient/shares");
        assertThat(browser.text("#sharing-paused")).startsWith("Your clinic has paused sharing.");
        assertThat(browser.text(".share-item .status")).isEqualTo("Paused by the clinic");
        assertThat(browser.findAll("a[href='/patient/shares/new']")).isEmpty();
        browser.checkBothSizes("shares-paused");
        browser.open("/patient/studies/" + KNEE + "/share");
        assertThat(browser.text("main h1")).isEqualTo("Your clinic has turned sharing off");
        browser.checkBothSizes("share-off");

        try (Browser recipient = Browser.start("http://localhost:" + port)) {
            recipient.open(link.substring(link.indexOf("/s/")));
            assertThat(recipient.text("main h1")).isEqualTo("Shared images are not available for now");
            assertThat(recipient.findAll("#passcode")).isEmpty();
            recipient.checkBothSizes("share-paused");
        }
    }
}
