package org.xrayportal.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.xrayportal.support.PortalIntegrationTest;
import org.xrayportal.support.RawHttp;

/**
 * Issue 12: whatever a client sends, the answer is the portal's own page with the portal's headers, never Tomcat's
 * bare report, a stack trace or a redirect to a host the client named.
 */
@PortalIntegrationTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ContainerErrorsIT {

    /** What a browser sends when it loads a page; without it the error controller answers JSON, as Boot does. */
    static final String BROWSER_ACCEPT = "Accept: text/html,application/xhtml+xml,*/*;q=0.8\r\n";

    @LocalServerPort
    int port;

    @ParameterizedTest
    @ValueSource(strings = {"/", "/login", "/patient", "/staff/requests", "/no-such-page", "/css/portal.css"})
    void anyUrlWhenSessionCookieIsGarbageThenAnsweredAsForAnAnonymousVisitor(String path) {
        var normal = get(path, "");
        for (String cookie : new String[] {"AAAA", "AAAAAAAAAAAAAAAA", "%00", "////", "bm90LWEtdXVpZA==", "é"}) {
            var withGarbage = get(path, "Cookie: PORTALSESSION=" + cookie + "\r\n");
            assertThat(withGarbage.status()).as(path + " with " + cookie).isEqualTo(normal.status());
            assertThat(withGarbage.header("Location")).isEqualTo(normal.header("Location"));
            assertPortalHeaders(withGarbage);
        }
    }

    @Test
    void handlerWhenItThrowsUnexpectedlyThenPortalServerErrorPageWithoutDetails() {
        var response = get(FailingController.PATH, "");
        assertThat(response.status()).isEqualTo(500);
        assertThat(response.body()).contains("Something went wrong on our side").doesNotContain("boom-secret");
        assertPortalPage(response);
        assertPortalHeaders(response);
    }

    @Test
    void errorPathWhenRequestedDirectlyThenNotFoundPage() {
        var response = get("/error", "");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).contains("We could not find that page");
        assertPortalHeaders(response);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/a%2fb",
                "/login%2f..%2fadmin",
                "/%00",
                "/login%00",
                "/a%5cb",
                "/..;/admin",
                "/%2e%2e/admin",
                "/login;jsessionid=1",
                "/%ZZ",
                "/%c0%ae%c0%ae/",
                "/\u00ff"
            })
    void urlWhenTheContainerOrFirewallRejectsItThenPortalPageAndHeaders(String path) {
        var response = get(path, "");
        assertThat(response.status()).as(path).isBetween(300, 499);
        if (response.status() >= 400) {
            assertPortalPage(response);
        }
        assertPortalHeaders(response);
    }

    @Test
    void errorPathWhenRequestedDirectlyWithoutHtmlAcceptThenNotFoundWithoutDetails() {
        var response = RawHttp.send(port, "GET /error HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEmpty();
        assertPortalHeaders(response);
    }

    @Test
    void requestLineWhenLongerThanTheContainerAcceptsThenPortalPageAndHeaders() {
        var response = get("/login?q=" + "a".repeat(20_000), "");
        assertThat(response.status()).isEqualTo(400);
        assertPortalPage(response);
        assertPortalHeaders(response);
    }

    @Test
    void headersWhenLongerThanTheContainerAcceptsThenPortalPageAndHeaders() {
        var response = get("/login", "X-Long: " + "b".repeat(20_000) + "\r\n");
        assertThat(response.status()).isEqualTo(400);
        assertPortalPage(response);
        assertPortalHeaders(response);
    }

    @Test
    void redirectWhenHostHeaderIsForgedThenLocationIsRelative() {
        var response = RawHttp.send(port, "GET /patient HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).contains("/login");
        assertThat(response.header("Location").orElseThrow()).doesNotContain("evil.example");
    }

    @Test
    void multipartWhenTruncatedThenBadRequestWithPortalPage() {
        String body = "--XYZ\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nsomeone@example.test\r\n--XY";
        var response = RawHttp.send(
                port,
                "POST /password/reset HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + BROWSER_ACCEPT
                        + "Content-Type: multipart/form-data; boundary=XYZ\r\nContent-Length: " + body.length()
                        + "\r\n\r\n" + body);
        assertThat(response.status()).isBetween(400, 403);
        assertPortalPage(response);
        assertPortalHeaders(response);
    }

    @Test
    void formWhenCsrfTokenMissingThenForbiddenPageSayingItWasNotSent() {
        String body = "email=someone%40example.test";
        var response = RawHttp.send(
                port,
                "POST /password/reset HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + BROWSER_ACCEPT
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length()
                        + "\r\n\r\n" + body);
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body())
                .contains("<h1>Your session ended or the page was open too long</h1>")
                .contains("For your safety, what you typed was not sent.")
                .contains("<a href=\"/login\">Sign in again</a>")
                .doesNotContain("Your account does not have access to this page");
        assertPortalPage(response);
    }

    @Test
    void shareRecipientFormWhenCsrfTokenMissingThenForbiddenPageOfferingTheSharedImagesNotSignIn() {
        // The "close the shared images" form of a recipient whose page stayed open: a recipient has no account.
        var response = RawHttp.send(
                port,
                "POST /s/view/leave HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + BROWSER_ACCEPT
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\n\r\n");
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body())
                .contains("<h1>Your session ended or the page was open too long</h1>")
                .contains("For your safety, what you typed was not sent.")
                .contains("To see the shared images again, go back to them; if they do not open, open the link you"
                        + " were given and enter the passcode again.")
                .contains("<a href=\"/s/view\">Back to the shared images</a>")
                .doesNotContain("Sign in again")
                .doesNotContain("href=\"/login\">");
        assertPortalPage(response);
    }

    /** A handler that fails the way a bug would; registered for this test only. */
    @TestConfiguration
    static class Failing {
        @Bean
        FailingController failingController() {
            return new FailingController();
        }
    }

    @Controller
    static class FailingController {
        static final String PATH = "/help/test-only-failure";

        @GetMapping(PATH)
        String fail() {
            throw new IllegalStateException("boom-secret");
        }
    }

    private RawHttp.Response get(String path, String extraHeaders) {
        return RawHttp.send(
                port,
                "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + BROWSER_ACCEPT + extraHeaders
                        + "\r\n");
    }

    static void assertPortalPage(RawHttp.Response response) {
        assertThat(response.body()).contains("X-ray patient portal").contains("href=\"/css/portal.css\"");
        assertThat(response.body()).doesNotContainIgnoringCase("Apache Tomcat").doesNotContain("Exception");
    }

    static void assertPortalHeaders(RawHttp.Response response) {
        assertThat(response.header("Content-Security-Policy"))
                .as("headers %s", response.headers())
                .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'", "frame-ancestors 'none'"));
        assertThat(response.header("X-Content-Type-Options")).contains("nosniff");
        assertThat(response.header("X-Frame-Options")).contains("DENY");
        assertThat(response.header("Referrer-Policy")).contains("no-referrer");
    }
}
