package org.xrayportal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.MessageSource;
import org.xrayportal.account.AccountService;
import org.xrayportal.support.PortalIntegrationTest;

/**
 * What only a real servlet container shows: the session cookie as configured, the session id renewed at sign-in, and
 * the error pages a browser gets. Plain JDK HttpClient, cookies handled by hand so that nothing is hidden.
 */
@PortalIntegrationTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class WebSessionIT {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    private static final Pattern SESSION_COOKIE = Pattern.compile("^PORTALSESSION=([^;]*)");
    private static final String PASSWORD = "a long and private passphrase";

    @LocalServerPort
    int port;

    @Autowired
    AccountService accounts;

    @Autowired
    MessageSource messages;

    final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    String email;

    @BeforeEach
    void createPatient() {
        email = "patient-" + UUID.randomUUID() + "@example.test";
        accounts.create(email, "Pat Patient", Role.PATIENT, PASSWORD);
    }

    @Test
    void sessionCookieWhenIssuedThenHttpOnlySecureAndSameSite() throws Exception {
        HttpResponse<String> page = send(get("/login"));

        String setCookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("PORTALSESSION=");
        assertThat(setCookie.toLowerCase(Locale.ROOT))
                .contains("; httponly")
                .contains("; secure")
                .contains("; samesite=lax");
    }

    @Test
    void signInWhenSuccessfulThenSessionIdChangesAndOldIdIsWorthless() throws Exception {
        HttpResponse<String> page = send(get("/login"));
        String before = sessionCookie(page);

        HttpResponse<String> signedIn = signIn(before, csrfToken(page));

        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/patient"));
        String after = sessionCookie(signedIn);
        assertThat(after).isNotBlank().isNotEqualTo(before);
        assertThat(send(get("/patient").header("Cookie", "PORTALSESSION=" + after))
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> withOldId = send(get("/patient").header("Cookie", "PORTALSESSION=" + before));
        assertThat(withOldId.statusCode()).isEqualTo(302);
        assertThat(withOldId.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    @Test
    void unknownPageWhenBrowserAsksForHtmlThenFriendly404WithoutStackTrace() throws Exception {
        String session = signedInSession();
        for (String path : new String[] {"/no-such-page", "/patient/studies/1.2.3.4"}) {
            HttpResponse<String> response = send(get(path)
                    .header("Accept", "text/html,application/xhtml+xml")
                    .header("Cookie", "PORTALSESSION=" + session));

            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
            assertThat(response.body())
                    .as(path)
                    .contains(messages.getMessage("error.404.heading", null, Locale.ENGLISH))
                    .doesNotContain("Exception", "at org.", "Whitelabel", "trace");
        }
    }

    @Test
    void unknownPageWhenClientAsksForJsonThen404WithoutStackTrace() throws Exception {
        String session = signedInSession();

        HttpResponse<String> response = send(
                get("/no-such-page").header("Accept", "application/json").header("Cookie", "PORTALSESSION=" + session));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("Exception", "at org.", "trace", "message");
    }

    @Test
    void signInPageWhenServedByTheContainerThenCarriesSecurityHeaders() throws Exception {
        HttpResponse<String> page = send(get("/login"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'", "frame-ancestors 'none'"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(page.headers().firstValue("Referrer-Policy")).isPresent();
        assertThat(page.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(c -> assertThat(c).contains("no-store"));
    }

    private String signedInSession() throws Exception {
        HttpResponse<String> page = send(get("/login"));
        HttpResponse<String> signedIn = signIn(sessionCookie(page), csrfToken(page));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        return sessionCookie(signedIn);
    }

    private HttpResponse<String> signIn(String session, String csrf) throws Exception {
        String form = "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&_csrf="
                + URLEncoder.encode(csrf, StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "PORTALSESSION=" + session)
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sessionCookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .map(SESSION_COOKIE::matcher)
                .filter(Matcher::find)
                .map(m -> m.group(1))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No session cookie in " + response.headers()));
    }

    private static String csrfToken(HttpResponse<String> page) {
        Matcher matcher = CSRF.matcher(page.body());
        assertThat(matcher.find()).as("CSRF token on the sign-in page").isTrue();
        return matcher.group(1);
    }
}
