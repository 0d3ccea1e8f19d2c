package org.xrayportal.account.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xrayportal.support.Actors.actor;

import java.net.URI;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.xrayportal.access.AccessRequest;
import org.xrayportal.access.AccessScope;
import org.xrayportal.access.AccessService;
import org.xrayportal.account.Account;
import org.xrayportal.consent.ConsentService;
import org.xrayportal.imaging.PacsProperties;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.support.AccountFlowTest;
import org.xrayportal.support.Browser;
import org.xrayportal.support.BrowserExtension;
import org.xrayportal.support.IdentityStudies;

/**
 * Issue 10 in a real Chromium: staff look a patient up, see the PACS demographics beside what they typed, issue the
 * code; the patient activates and sees their own name on the study page. Each page is checked with axe-core, the
 * comparison and the study page at desktop and phone size.
 */
@ExtendWith(BrowserExtension.class)
class IdentityJourneyIT extends AccountFlowTest {

    private static final String PATIENT_PASSWORD = "green tea beside the harbour";

    @Autowired
    PacsProperties pacs;

    @Autowired
    ConsentService consents;

    @Autowired
    AccessService access;

    @Autowired
    UserDetailsService users;

    @Test
    void staffChecksPacsAndIssuesCodeThenPatientSeesOwnNameOnStudyPage(Browser browser) {
        String id = "JRN 10/" + UUID.randomUUID().toString().substring(0, 6);
        DemoStudies.Study study = IdentityStudies.storeStudy(
                URI.create(pacs.baseUrl().toString()),
                "journey-" + id,
                IdentityStudies.patient(id, "Klinik Süd", "Ibáñez^Maite", LocalDate.of(1983, 12, 24)),
                LocalDate.of(2025, 10, 1));

        staffSignsIn(browser, "identity-journey-staff@example.test");
        browser.open("/staff/activation-codes/new").assertAccessible();
        fill(browser, "patientId", id);
        fill(browser, "patientName", "Maite Ibanez");
        fill(browser, "birthDate", "1983-12-24");
        click(browser, "main form.stacked-form button[type=submit]");
        assertThat(browser.text(".pacs-check"))
                .contains("Maite Ibáñez")
                .contains("24 Dec 1983")
                .contains("Klinik Süd")
                .contains("The PACS check passed");
        browser.checkBothSizes("identity-pacs-check");
        click(browser, "main form.stacked-form button[type=submit]");
        String code = browser.text(".activation-code");

        browser.clearCookies().open("/activate");
        fill(browser, "code", code);
        fill(browser, "birthDate", "1983-12-24");
        fill(browser, "email", "maite@example.test");
        fill(browser, "password", PATIENT_PASSWORD);
        fill(browser, "confirmPassword", PATIENT_PASSWORD);
        click(browser, "main form.stacked-form button[type=submit]");
        browser.waitForPath("/login");

        Account account = accounts.findByEmail("maite@example.test").orElseThrow();
        PortalUser patient = (PortalUser) users.loadUserByUsername("maite@example.test");
        consents.accept(
                actor(patient, "192.0.2.1"),
                consents.currentDocument().orElseThrow().version(),
                "test");
        AccessRequest request =
                access.submit(actor(patient, "192.0.2.1"), AccessScope.allStudies(), null, AccessRequest.Format.VIEW);
        accounts.create("identity-journey-approver@example.test", "Approver", Role.STAFF, PASSWORD);
        access.approve(
                actor((PortalUser) users.loadUserByUsername("identity-journey-approver@example.test"), "192.0.2.1"),
                request.id(),
                AccessScope.allStudies(),
                null,
                false);
        assertThat(accounts.identityOf(account.id()))
                .hasValueSatisfying(i -> assertThat(i.issuer()).isEqualTo("Klinik Süd"));

        browser.open("/login").signIn("maite@example.test", PATIENT_PASSWORD);
        browser.waitForPath("/patient");
        browser.open("/patient/studies");
        assertThat(browser.text(".images-of")).startsWith("Images of Maite Ibáñez, born");
        browser.open("/patient/studies/" + study.studyInstanceUid());
        assertThat(browser.text(".images-of")).contains("Images of Maite Ibáñez, born");
        browser.checkBothSizes("identity-study-page");
        browser.open("/patient/studies/" + study.studyInstanceUid() + "/not-mine")
                .assertAccessible();
    }

    private void staffSignsIn(Browser browser, String email) {
        accounts.create(email, "Journey Staff", Role.STAFF, PASSWORD);
        browser.open("/login").signIn(email, PASSWORD); // enrols the second factor
        browser.waitForPath("/staff");
    }

    /** Sets a field through script (typing dates depends on the browser's locale). */
    private static void fill(Browser browser, String name, String value) {
        WebElement field = browser.find("main [name='" + name + "']");
        browser.driver().executeScript("arguments[0].value = arguments[1];", field, value);
    }

    private static void click(Browser browser, String selector) {
        WebElement page = browser.find("html");
        browser.find(selector).click();
        browser.waitUntilReplaced(page);
    }
}
