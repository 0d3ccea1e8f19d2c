package org.xrayportal.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;
import static org.xrayportal.viewer.ViewerFixtures.PASSWORD;
import static org.xrayportal.viewer.ViewerFixtures.instance;
import static org.xrayportal.viewer.ViewerFixtures.study;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
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
 * Issue 6's journey in a real Chromium: the patient opens the study list, a study and its viewer (zoom by key and
 * button, a brightness preset, the next image), asks a question; staff take and answer it; the patient reads the
 * answer. The list, study and viewer pages are checked with axe-core and photographed at desktop and phone size.
 */
@PortalWithPacsTest(webEnvironment = RANDOM_PORT)
@ExtendWith(BrowserExtension.class)
@Import(ViewerFixtures.class)
class ViewerJourneyIT {

    private static final String KNEE = study("mueller-knee-2024");

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", TestMail::port);
    }

    @Autowired
    ViewerFixtures fixtures;

    @Test
    void patientViewsStudyAsksQuestionStaffAnswersPatientReadsIt(Browser browser) {
        PortalUser patient = fixtures.consentingPatient(DemoStudies.MUELLER);
        PortalUser staff = fixtures.user(Role.STAFF);
        fixtures.grant(patient, AccessScope.allStudies(), null);

        browser.open("/login").signIn(patient.email(), PASSWORD).waitForPath("/patient");
        browser.find("nav a[href='/patient/studies']").click();
        browser.waitForPath("/patient/studies");
        assertThat(browser.findAll("tbody tr")).hasSize(3);
        browser.checkBothSizes("study-list");
        // On a 390 px phone each study is a stacked block: nothing scrolls sideways (not the page, not the list), and
        // every column's value is still there with its label.
        browser.phone();
        browser.driver().navigate().refresh();
        assertThat((Boolean) browser.driver()
                        .executeScript("var d = document.documentElement, s = document.querySelector('.table-scroll');"
                                + " return d.scrollWidth <= d.clientWidth && s.scrollWidth <= s.clientWidth;"))
                .as("the study list fits a 390 px phone without sideways scrolling")
                .isTrue();
        assertThat(browser.findAll("tbody tr:first-child td"))
                .allSatisfy(td -> assertThat(td.isDisplayed()).isTrue())
                .extracting(td -> td.getAttribute("data-label"))
                .containsExactly("Date", "Description", "Modality", "Body part", "Files");
        browser.desktop();

        browser.find("a[href='/patient/studies/" + KNEE + "']").click();
        browser.waitForPath("/patient/studies/" + KNEE);
        waitForImage(browser);
        assertThat(browser.findAll(".series-link img")).hasSize(3);
        browser.checkBothSizes("study");
        waitForImage(browser);

        // Zoom by key on the image, then by button; a brightness preset; the next image.
        browser.find("#viewer-stage").sendKeys("+");
        assertThat(browser.find("#viewer-image").getAttribute("style")).contains("scale(1.25)");
        browser.find("[data-action='zoom-in']").click();
        assertThat(browser.find("#viewer-image").getAttribute("style")).contains("scale(1.5625)");
        new Select(browser.find("#viewer-window")).selectByValue("brighter");
        browser.wait(d -> browser.find("#viewer-image").getAttribute("src").contains("&preset=brighter"));
        waitForImage(browser);
        browser.find("[data-action='next-image']").click();
        browser.wait(
                d -> browser.find("#viewer-image").getAttribute("src").contains(instance("mueller-knee-2024", 2, 1)));
        waitForImage(browser);
        assertThat(browser.text("#viewer-position")).contains("Image 2 of 3");
        browser.find("[data-action='invert']").click();
        assertThat(browser.find("[data-action='invert']").getAttribute("aria-pressed"))
                .isEqualTo("true");
        browser.checkBothSizes("viewer");

        browser.find("#question").sendKeys("Is the joint space narrower than in my last study?");
        browser.find("#contact-EMAIL").click();
        browser.find("#preferredTimes").sendKeys("Weekday mornings");
        browser.find("#consultation button[type=submit]").click();
        // The confirmation page (issue 16): what happened and what comes next, then back to the study.
        browser.waitForPath("/done");
        assertThat(browser.text("[role=status]")).contains("Your question is sent");
        assertThat(browser.text("#done-next")).contains("We email you when there is an answer");
        browser.find("#done-continue").click();
        browser.wait(d -> browser.path().endsWith("#consultation"));
        signOut(browser);

        browser.open("/login").signIn(staff.email(), PASSWORD).waitForPath("/staff");
        // The home page lists each queue with its count; the patient's consultation waits in the third.
        assertThat(browser.findAll("main section.staff-queue")).hasSize(3);
        assertThat(browser.text("main section.staff-queue:nth-of-type(3) h2")).startsWith("Consultation requests");
        assertThat(browser.findAll("main section.staff-queue:nth-of-type(3) li a"))
                .isNotEmpty();
        browser.checkBothSizes("staff-home");
        browser.open("/staff/consultations");
        assertThat(browser.findAll("table td.patient .patient-name")).isNotEmpty();
        browser.checkBothSizes("staff-consultations");
        browser.find("table a").click();
        browser.wait(d -> d.getCurrentUrl().matches(".*/staff/consultations/\\d+$"));
        browser.find("form[action$='/start'] button").click();
        browser.wait(d -> !browser.findAll("#answer").isEmpty());
        browser.checkBothSizes("staff-consultation");
        browser.find("#answer").sendKeys("The joint space looks the same as before. Let us talk at your next visit.");
        browser.find("form[action$='/answer'] button").click();
        browser.wait(d -> !browser.findAll("form[action$='/close']").isEmpty());
        signOut(browser);

        assertThat(TestMail.body(TestMail.awaitTo(patient.email(), 2).getLast()))
                .doesNotContain("joint");
        browser.open("/login").signIn(patient.email(), PASSWORD).waitForPath("/patient");
        browser.find("nav a[href='/patient/consultations']").click();
        browser.waitForPath("/patient/consultations");
        assertThat(browser.text(".consultation-answer")).contains("The joint space looks the same");
        browser.checkBothSizes("patient-consultations");
    }

    private static void waitForImage(Browser browser) {
        browser.wait(d -> (Boolean) browser.driver()
                .executeScript("const i = document.getElementById('viewer-image');"
                        + " return i.complete && i.naturalWidth > 0"
                        + " && document.getElementById('viewer-loading').hidden;"));
    }

    private static void signOut(Browser browser) {
        browser.find(".who button[type=submit]").click();
        browser.waitForPath("/login");
    }
}
