package org.xrayportal.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WebElement;
import org.xrayportal.security.Role;
import org.xrayportal.shared.PatientIdentity;
import org.xrayportal.support.AccountFlowTest;
import org.xrayportal.support.Browser;
import org.xrayportal.support.BrowserExtension;
import org.xrayportal.support.TestMail;
import org.xrayportal.support.TestTotp;

/**
 * The onboarding and recovery journeys of issue 4 in a real Chromium, each page checked with axe-core (WCAG 2.1 AA),
 * including forms showing their errors.
 */
@ExtendWith(BrowserExtension.class)
class AccountJourneysIT extends AccountFlowTest {

    private static final String PATIENT_PASSWORD = "blue kettle on a quiet morning";

    @Test
    void activationWhenStaffIssuesCodeThenPatientActivatesAndSignsIn(Browser browser) {
        staffSignsIn(browser, "journey-staff-1@example.test");
        browser.open("/staff/activation-codes/new").assertAccessible();
        submit(browser, Map.of());
        assertThat(browser.findAll(".field-error")).isNotEmpty();
        browser.assertAccessible();
        submit(
                browser,
                fields(
                        "patientId",
                        "JRN-3001",
                        "issuerOfPatientId",
                        "",
                        "patientName",
                        "Jo Journey",
                        "birthDate",
                        "1972-03-04"));
        // Not in the PACS: refused until staff explicitly choose "no study in the PACS yet", then confirm.
        assertThat(browser.text(".pacs-check")).contains("The PACS has no study with this patient ID");
        browser.find("main input[name='noStudyYet']").click();
        submit(browser, Map.of());
        browser.assertAccessible();
        submit(browser, Map.of());
        String code = browser.text(".activation-code");
        browser.assertAccessible().screenshot("activation-letter");

        browser.clearCookies().open("/activate").assertAccessible();
        submit(
                browser,
                fields(
                        "code",
                        code,
                        "birthDate",
                        "1972-03-05",
                        "email",
                        "jo@example.test",
                        "password",
                        PATIENT_PASSWORD,
                        "confirmPassword",
                        PATIENT_PASSWORD));
        assertThat(browser.text("[role=alert]")).contains("do not match a valid code");
        browser.assertAccessible();
        submit(
                browser,
                fields(
                        "code",
                        code,
                        "birthDate",
                        "1972-03-04",
                        "email",
                        "jo@example.test",
                        "password",
                        PATIENT_PASSWORD,
                        "confirmPassword",
                        PATIENT_PASSWORD));
        browser.waitForPath("/login");
        assertThat(browser.text("[role=status]")).contains("Your account is ready");

        signIn(browser, "jo@example.test", PATIENT_PASSWORD);
        browser.waitForPath("/patient");
        assertThat(accounts.identityOf(
                        accounts.findByEmail("jo@example.test").orElseThrow().id()))
                .contains(new PatientIdentity("JRN-3001", null));
    }

    @Test
    void registrationWhenEmailConfirmedAndStaffLinksThenPatientSignsIn(Browser browser) {
        browser.open("/register").assertAccessible();
        submit(
                browser,
                fields(
                        "fullName",
                        "Reg Journey",
                        "birthDate",
                        "1990-10-10",
                        "email",
                        "reg-journey@example.test",
                        "password",
                        PATIENT_PASSWORD,
                        "confirmPassword",
                        PATIENT_PASSWORD));
        browser.waitForPath("/login");

        browser.open(TestMail.lastLink("reg-journey@example.test", "/register/verify/"));
        browser.waitForPath("/login");
        signIn(browser, "reg-journey@example.test", PATIENT_PASSWORD);
        browser.waitForPath("/patient/status");
        browser.assertAccessible();

        browser.clearCookies();
        staffSignsIn(browser, "journey-staff-2@example.test");
        browser.open("/staff/identity-checks").assertAccessible();
        // On a phone the queue stacks each patient's lines (newcomer walk: the page was 478 px wide at 390 px, its
        // Actions column off-screen): no page-wide sideways scrolling, and the check link inside the screen.
        browser.phone().open("/staff/identity-checks").waitForPath("/staff/identity-checks");
        assertThat((Boolean) browser.driver()
                        .executeScript("return document.documentElement.scrollWidth"
                                + " <= document.documentElement.clientWidth;"))
                .as("no page-wide horizontal scrolling of the identity queue at phone width")
                .isTrue();
        assertThat((Boolean) browser.driver()
                        .executeScript("return Array.from(document.querySelectorAll('main td a')).every(a =>"
                                + " a.getBoundingClientRect().right <= document.documentElement.clientWidth);"))
                .as("each check link is on the screen")
                .isTrue();
        browser.assertAccessible().screenshot("identity-queue");
        browser.desktop().open("/staff/identity-checks");
        browser.find("td a").click();
        browser.wait(d -> browser.path().startsWith("/staff/identity-checks/"));
        browser.assertAccessible();
        browser.find("#patientId").sendKeys("JRN-3002");
        browser.find("main input[name='noStudyYet']").click();
        WebElement before = browser.find("html");
        browser.find("form[action$='/link'] button[type=submit]").click();
        browser.waitUntilReplaced(before);
        browser.assertAccessible();
        browser.find("form[action$='/link'] button[type=submit]").click();
        browser.waitForPath("/staff/identity-checks");

        browser.clearCookies().open("/login");
        signIn(browser, "reg-journey@example.test", PATIENT_PASSWORD);
        browser.waitForPath("/patient");
        browser.open("/patient");
        assertThat(browser.path()).isEqualTo("/patient");
    }

    @Test
    void resetWhenLinkFromEmailFollowedThenNewPasswordSignsIn(Browser browser) {
        accounts.create("reset-journey@example.test", "Rae Journey", Role.PATIENT, PASSWORD);
        browser.open("/login");
        browser.find("a[href='/password/reset']").click();
        browser.waitForPath("/password/reset").assertAccessible();
        submit(browser, fields("email", "reset-journey@example.test"));
        browser.waitForPath("/login");

        browser.open(TestMail.lastLink("reset-journey@example.test", "/password/reset/"))
                .assertAccessible();
        submit(browser, fields("password", "short", "confirmPassword", "short"));
        assertThat(browser.text(".field-error")).contains("at least 15 characters");
        // The error summary (issue 16): focused on load, its link moves focus to the field it names.
        browser.wait(d -> "error-summary".equals(browser.focused().getDomAttribute("id")));
        assertThat(browser.text("#error-summary")).contains("There is a problem", "at least 15 characters");
        browser.find("#error-summary a[href='#password']").click();
        assertThat(browser.focused().getDomAttribute("id")).isEqualTo("password");
        browser.assertAccessible();
        submit(browser, fields("password", PATIENT_PASSWORD, "confirmPassword", PATIENT_PASSWORD));
        browser.waitForPath("/login");

        signIn(browser, "reset-journey@example.test", PATIENT_PASSWORD);
        browser.waitForPath("/patient");
        browser.open("/account").assertAccessible();
        browser.open("/account/sessions").assertAccessible();
    }

    private void staffSignsIn(Browser browser, String email) {
        accounts.create(email, "Journey Staff", Role.STAFF, PASSWORD);
        browser.open("/login");
        signIn(browser, email, PASSWORD);
        browser.waitForPath("/login/mfa/enrol").assertAccessible();
        String secret = browser.text(".totp-secret");
        browser.find("#code").sendKeys(TestTotp.nextCode(secret));
        browser.find("main button[type=submit]").click();
        browser.wait(d -> browser.findAll(".recovery-code").size() == 10);
        browser.assertAccessible();
        browser.find("main a.button-primary").click();
        browser.waitForPath("/staff");
    }

    private static void signIn(Browser browser, String email, String password) {
        if (!browser.path().startsWith("/login")) {
            browser.open("/login");
        }
        browser.find("#email").sendKeys(email);
        browser.find("#password").sendKeys(password);
        browser.find("form.stacked-form button[type=submit]").click();
    }

    /** Fills the form's fields (date fields through script: typing dates depends on the browser's locale). */
    private static void submit(Browser browser, Map<String, String> values) {
        values.forEach((name, value) -> {
            WebElement field = browser.find("main [name='" + name + "']");
            browser.driver().executeScript("arguments[0].value = arguments[1];", field, value);
        });
        WebElement page = browser.find("html");
        browser.find("main form.stacked-form button[type=submit]").click();
        browser.waitUntilReplaced(page); // the answer to the post has replaced the page
    }

    private static Map<String, String> fields(String... pairs) {
        var map = new LinkedHashMap<String, String>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
