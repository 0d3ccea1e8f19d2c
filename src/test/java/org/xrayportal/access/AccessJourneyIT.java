package org.xrayportal.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;
import static org.xrayportal.access.AccessFixtures.study;
import static org.xrayportal.support.Actors.actor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.xrayportal.account.AccountService;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.support.Browser;
import org.xrayportal.support.BrowserExtension;
import org.xrayportal.support.PortalWithPacsTest;
import org.xrayportal.support.TestMail;

/**
 * Issue 5's journey in a real Chromium: the patient agrees to the terms and asks for one study, staff approve that
 * study, and the access policy admits it and nothing else; withdrawing consent and revoking the grant each close
 * access again. Every page on the way is checked with axe-core and photographed at desktop and phone size.
 */
@PortalWithPacsTest(webEnvironment = RANDOM_PORT)
@ExtendWith(BrowserExtension.class)
@Import(AccessFixtures.class)
class AccessJourneyIT {

    private static final String PASSWORD = "correct horse battery staple 7";
    private static final String KNEE = study("mueller-knee-2024");
    private static final String HAND = study("mueller-hand-2023");

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", TestMail::port);
    }

    @Autowired
    AccountService accounts;

    @Autowired
    AccessFixtures fixtures;

    @Autowired
    StudyAccessPolicy policy;

    @Autowired
    org.springframework.security.core.userdetails.UserDetailsService users;

    @Test
    void consentRequestApproveThenPolicyAdmitsOnlyThatStudyUntilConsentWithdrawnOrGrantRevoked(Browser browser) {
        accounts.create("journey-patient@example.test", "Jürgen Müller", Role.PATIENT, PASSWORD);
        accounts.create("journey-staff@example.test", "Sam Staff", Role.STAFF, PASSWORD);
        PortalUser patient = (PortalUser) users.loadUserByUsername("journey-patient@example.test");
        fixtures.link(patient, DemoStudies.MUELLER);

        // The patient reads the terms and agrees: nothing is pre-ticked.
        browser.open("/login").signIn(patient.email(), PASSWORD).waitForPath("/patient");
        browser.find(".call-to-action a").click();
        browser.waitForPath("/patient/consent");
        assertThat(browser.find("#agree").isSelected()).isFalse();
        browser.checkBothSizes("consent-terms");
        browser.find("#agree").click();
        browser.find("form.stacked-form button[type=submit]").click();
        browser.waitForPath("/done");

        // ... and asks for one study, picked from what the PACS holds for them.
        browser.open("/patient/requests");
        browser.checkBothSizes("patient-requests");
        browser.find("#scope-one").click();
        new Select(browser.find("#studyUid")).selectByValue(KNEE);
        browser.find("#message").sendKeys("For my physiotherapist appointment");
        submitAndWait(browser, "form.stacked-form button[type=submit]");
        browser.waitForPath("/done");
        assertThat(browser.text("[role=status]")).contains("Your request is sent");
        assertThat(browser.text("#done-next")).contains("within 30 days");
        browser.assertAccessible(); // shown once: a reload (as checkBothSizes does) leads home
        browser.screenshot("done-access-requested");
        browser.find("#done-continue").click();
        browser.waitForPath("/patient/requests");
        // Sending the same request again is refused: the error summary takes focus and links to the pending one.
        browser.find("#scope-one").click();
        new Select(browser.find("#studyUid")).selectByValue(KNEE);
        submitAndWait(browser, "form.stacked-form button[type=submit]");
        browser.wait(d -> "error-summary".equals(browser.focused().getDomAttribute("id")));
        assertThat(browser.text("#error-summary")).contains("already have a request waiting for a decision");
        String pending = browser.find("#error-summary a[href^='#request-']").getDomAttribute("href");
        assertThat(browser.findAll("tr" + pending)).hasSize(1);
        browser.assertAccessible();
        assertThat(policy.authorize(actor(patient), KNEE))
                .as("nothing before a decision")
                .isEmpty();
        signOut(browser);

        // Staff find it at the top of the queue and approve the study that was asked for.
        browser.open("/login").signIn("journey-staff@example.test", PASSWORD).waitForPath("/staff");
        browser.open("/staff/requests");
        browser.checkBothSizes("staff-queue");
        browser.find("table a").click();
        browser.wait(d -> d.getCurrentUrl().matches(".*/staff/requests/\\d+$"));
        String detailPath = browser.path();
        assertThat(browser.find("#approve-one").isSelected()).isTrue();
        browser.checkBothSizes("staff-request");
        submitAndWait(browser, "form[action$='/approve'] button[type=submit]");
        browser.waitForPath(detailPath);
        assertThat(browser.text("[role=status]")).contains("approved");

        assertThat(policy.authorize(actor(patient), KNEE))
                .as("the approved study")
                .isPresent();
        assertThat(policy.authorize(actor(patient), HAND))
                .as("another of the patient's studies")
                .isEmpty();
        assertThat(policy.authorize(actor(patient), study("odegard-knee-2024")))
                .as("another patient's study")
                .isEmpty();
        assertThat(TestMail.awaitTo(patient.email(), 1)).isNotEmpty();
        signOut(browser);

        // The patient withdraws consent in one step: access ends at once; agreeing again restores it.
        browser.open("/login").signIn(patient.email(), PASSWORD).waitForPath("/patient");
        browser.open("/patient/consent");
        submitAndWait(browser, ".withdraw button[type=submit]");
        browser.waitForPath("/done");
        browser.find("#done-continue").click();
        browser.waitForPath("/patient/consent");
        assertThat(policy.authorize(actor(patient), KNEE))
                .as("after withdrawal")
                .isEmpty();
        browser.find("#agree").click();
        browser.find("form.stacked-form button[type=submit]").click();
        browser.waitForPath("/done");
        assertThat(policy.authorize(actor(patient), KNEE))
                .as("after agreeing again")
                .isPresent();
        // The visit to the study is one line of the patient's access history, naming the study (issue 16).
        browser.open("/patient/studies/" + KNEE);
        browser.find("#viewer-image");
        browser.open("/patient/history");
        assertThat(browser.text("table tbody tr")).contains("Viewed Left knee", "You");
        browser.checkBothSizes("patient-history");
        signOut(browser);

        // Staff revoke the grant with a reason: refused from that moment.
        browser.open("/login").signIn("journey-staff@example.test", PASSWORD).waitForPath("/staff");
        browser.open(detailPath);
        browser.find("#revoke-reason").sendKeys("Shared with the wrong patient account");
        submitAndWait(browser, "form[action*='/revoke'] button[type=submit]");
        browser.waitForPath(detailPath);
        assertThat(browser.text("[role=status]")).contains("revoked");
        assertThat(policy.authorize(actor(patient), KNEE))
                .as("after revocation")
                .isEmpty();
    }

    /** Posts a form whose answer comes back on the same path, and waits for the new page. */
    private static void submitAndWait(Browser browser, String button) {
        var page = browser.find("html");
        browser.find(button).click();
        browser.waitUntilReplaced(page);
    }

    private static void signOut(Browser browser) {
        browser.find(".who button[type=submit]").click();
        browser.waitForPath("/login");
    }
}
