package org.xrayportal.system.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.xrayportal.support.Browser;
import org.xrayportal.support.BrowserExtension;
import org.xrayportal.support.PortalIntegrationTest;

/**
 * The demo as a newcomer meets it (issue 17), in Chromium: the demo patient sees an image right after signing in; a
 * self-registered patient (O'Brien^Seán of the demo PACS) opens the emailed link from the demo mailbox, the demo staff
 * (second-factor code from the same page) verifies him, and he signs in. The portal runs on a fixed port, as {@code PORT=...} would, so the emailed links
 * must carry that port.
 */
@PortalIntegrationTest(
        webEnvironment = WebEnvironment.DEFINED_PORT,
        properties = "portal.demo.accounts.password=" + DemoJourneyIT.PASSWORD)
@ActiveProfiles("demo")
@ExtendWith(BrowserExtension.class)
class DemoJourneyIT {

    static final String PASSWORD = "demo journey password 2026";
    private static final String NEW_PASSWORD = "a long walk by the river bank";
    private static final int PORT = freePort();

    @DynamicPropertySource
    static void port(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
    }

    @Test
    void demoPatientSeesAnImageRightAfterSigningIn(Browser browser) {
        browser.open("/login").signIn("patient@demo.test", PASSWORD).waitForPath("/patient");
        browser.open("/patient/studies");
        browser.find("tbody tr a").click();
        browser.wait(d -> browser.path().startsWith("/patient/studies/"));
        browser.wait(
                d -> (Boolean)
                        browser.driver()
                                .executeScript(
                                        "const i = document.querySelector('#viewer-image'); return !!i && i.complete && i.naturalWidth > 0;"));
    }

    @Test
    void registrationCompletesThroughTheDemoMailboxAndStaffVerification(Browser browser) {
        browser.open("/register");
        submit(
                browser,
                Map.of(
                        "fullName", "Seán O'Brien",
                        "birthDate", "1964-08-30",
                        "email", "sean@demo.test",
                        "password", NEW_PASSWORD,
                        "confirmPassword", NEW_PASSWORD));
        browser.waitForPath("/login");

        browser.open("/demo/mailbox").assertAccessible();
        WebElement verify = browser.find("a[href*='/register/verify/']");
        assertThat(verify.getAttribute("href")).startsWith("http://localhost:" + PORT + "/register/verify/");
        verify.click();
        browser.waitForPath("/login");

        browser.open("/demo/mailbox");
        String staffCode = browser.text("#demo-codes li:first-child").replaceAll(".*: ", "");
        browser.open("/login").signIn("staff@demo.test", PASSWORD).waitForPath("/login/mfa");
        WebElement page = browser.find("html");
        browser.find("#code").sendKeys(staffCode);
        browser.find("main form button[type=submit]").click();
        browser.waitUntilReplaced(page);
        browser.waitForPath("/staff");
        browser.open("/staff/identity-checks");
        browser.findAll("td a").stream()
                .filter(a -> a.getText().contains("Seán O'Brien"))
                .findFirst()
                .orElseThrow()
                .click();
        browser.wait(d -> browser.path().startsWith("/staff/identity-checks/"));
        // O'Brien^Seán of the demo PACS: first the PACS's own demographics are shown beside the claim, then linked.
        browser.find("#patientId").sendKeys("MRN77");
        browser.find("#issuerOfPatientId").sendKeys("XRAY-CLINIC");
        WebElement before = browser.find("html");
        browser.find("form[action$='/link'] button[type=submit]").click();
        browser.waitUntilReplaced(before);
        browser.find("form[action$='/link'] button.button-primary[type=submit]").click();
        browser.waitForPath("/staff/identity-checks");

        browser.clearCookies().open("/login").signIn("sean@demo.test", NEW_PASSWORD);
        browser.waitForPath("/patient");
        browser.open("/demo/mailbox");
        assertThat(browser.find("a[href$='/login']").getAttribute("href"))
                .isEqualTo("http://localhost:" + PORT + "/login");
    }

    private static void submit(Browser browser, Map<String, String> values) {
        values.forEach((name, value) -> {
            WebElement field = browser.find("main [name='" + name + "']");
            browser.driver().executeScript("arguments[0].value = arguments[1];", field, value);
        });
        WebElement page = browser.find("html");
        browser.find("main form.stacked-form button[type=submit]").click();
        browser.waitUntilReplaced(page);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
