package org.xrayportal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xrayportal.support.PortalIntegrationTest;
import org.xrayportal.support.RawHttp;

/**
 * Issue 12: {@code X-Forwarded-For} decides the client address (audit trail, throttles) only when the connection comes
 * from a configured proxy ({@code PORTAL_TRUSTED_PROXIES}); from anyone else it is ignored.
 */
class ForwardedHeadersIT {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    private static final Pattern SESSION = Pattern.compile("PORTALSESSION=([^;]+)");

    /** The default trusted proxies: loopback, which is where the test connects from. */
    @Nested
    @PortalIntegrationTest(
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = "server.forward-headers-strategy=native")
    class FromTrustedProxy {

        @LocalServerPort
        int port;

        @Autowired
        JdbcClient jdbc;

        @Test
        void failedSignInWhenForwardedByTrustedProxyThenForwardedAddressIsAudited() {
            failSignIn(port, "forwarded-trusted@example.test", "203.0.113.7");
            assertThat(auditedAddress(jdbc, "forwarded-trusted@example.test")).isEqualTo("203.0.113.7");
        }
    }

    /** A proxy list that does not include the address the test connects from. */
    @Nested
    @PortalIntegrationTest(
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "server.forward-headers-strategy=native",
                "server.tomcat.remoteip.internal-proxies=10[.]255[.]255[.]1"
            })
    class FromUntrustedClient {

        @LocalServerPort
        int port;

        @Autowired
        JdbcClient jdbc;

        @Test
        void failedSignInWhenClientForgesForwardedForThenItsOwnAddressIsAudited() {
            failSignIn(port, "forwarded-forged@example.test", "203.0.113.8");
            assertThat(auditedAddress(jdbc, "forwarded-forged@example.test")).isEqualTo("127.0.0.1");
        }
    }

    static void failSignIn(int port, String email, String forwardedFor) {
        var page = RawHttp.send(port, "GET /login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        Matcher csrf = CSRF.matcher(page.body());
        assertThat(csrf.find()).isTrue();
        Matcher session = SESSION.matcher(page.header("Set-Cookie").orElseThrow());
        assertThat(session.find()).isTrue();
        String body = "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password=wrong-password-here"
                + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        var answer = RawHttp.send(
                port,
                "POST /login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                        + "Cookie: PORTALSESSION=" + session.group(1) + "\r\n"
                        + "X-Forwarded-For: " + forwardedFor + "\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length()
                        + "\r\n\r\n" + body);
        assertThat(answer.status()).isEqualTo(302);
    }

    static String auditedAddress(JdbcClient jdbc, String email) {
        return jdbc.sql("SELECT client_address FROM audit_event WHERE action = 'SIGN_IN_FAILED' AND actor_name = ?")
                .param(email)
                .query(String.class)
                .single();
    }
}
