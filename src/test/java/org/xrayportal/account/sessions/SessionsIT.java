package org.xrayportal.account.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xrayportal.security.Role;
import org.xrayportal.support.AccountFlowTest;
import org.xrayportal.support.PortalBrowser;

class SessionsIT extends AccountFlowTest {

    private static final long MINUTE = 60_000L;

    @Autowired
    JdbcClient jdbc;

    @Test
    void idleWhenUnusedFor31MinutesThenSignedOutButNotAfter29() {
        PortalBrowser browser = signedIn(Role.PATIENT, "idle@example.test");
        assertThat(browser.get("/account").status()).isEqualTo(200);

        age("idle@example.test", "LAST_ACCESS_TIME", 29 * MINUTE);
        assertThat(browser.get("/account").status()).isEqualTo(200);

        age("idle@example.test", "LAST_ACCESS_TIME", 31 * MINUTE);
        assertThat(browser.get("/account").redirectsTo("/login")).isTrue();
    }

    @Test
    void absoluteWhenSessionOlderThan12HoursThenEndedEvenIfActive() {
        PortalBrowser browser = signedIn(Role.PATIENT, "absolute@example.test");
        age("absolute@example.test", "CREATION_TIME", 11 * 60 * MINUTE);
        assertThat(browser.get("/account").status()).isEqualTo(200);

        age("absolute@example.test", "CREATION_TIME", 2 * 60 * MINUTE);
        var ended = browser.get("/account");
        assertThat(ended.redirectsTo("/login?expired")).isTrue();
        assertThat(browser.get("/account").redirectsTo("/login")).isTrue();
        assertThat(sessionsOf("absolute@example.test")).isZero();
    }

    @Test
    void endOthersWhenAskedThenOtherBrowsersAreSignedOutAndThisOneStays() {
        PortalBrowser here = signedIn(Role.PATIENT, "everywhere@example.test");
        PortalBrowser there = browser();
        there.signIn("everywhere@example.test", PASSWORD);
        assertThat(sessionsOf("everywhere@example.test")).isEqualTo(2);
        assertThat(here.get("/account/sessions").body()).contains("(this browser)");

        var ended = here.post("/account/sessions/end-others", Map.of());
        assertThat(ended.redirectsTo("/account/sessions")).isTrue();
        assertThat(there.get("/account").redirectsTo("/login")).isTrue();
        assertThat(here.get("/account").status()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'SESSIONS_REVOKED' AND actor_name = ?")
                        .param("everywhere@example.test")
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void changePasswordWhenOtherSessionsExistThenTheyEnd() {
        PortalBrowser here = signedIn(Role.PATIENT, "pw-ends@example.test");
        PortalBrowser there = browser();
        there.signIn("pw-ends@example.test", PASSWORD);
        String next = "the next passphrase of mine";
        here.submit(
                "/account/password",
                "/account/password",
                Map.of("currentPassword", PASSWORD, "newPassword", next, "confirmPassword", next));
        assertThat(there.get("/account").redirectsTo("/login")).isTrue();
        assertThat(here.get("/account").status()).isEqualTo(200);
    }

    @Test
    void signOutWhenOldCookieReplayedThenServerSessionIsGone() {
        PortalBrowser browser = signedIn(Role.PATIENT, "signout@example.test");
        String cookie = browser.cookie("PORTALSESSION");
        browser.get("/account");
        assertThat(browser.post("/logout", Map.of()).redirectsTo("/login?signedOut"))
                .isTrue();

        PortalBrowser replay = browser();
        replay.setCookie("PORTALSESSION", cookie);
        assertThat(replay.get("/account").redirectsTo("/login")).isTrue();
        assertThat(sessionsOf("signout@example.test")).isZero();
    }

    private void age(String email, String column, long millis) {
        int rows = jdbc.sql("UPDATE spring_session SET " + column + " = " + column + " - ? WHERE principal_name = ?")
                .params(millis, email)
                .update();
        assertThat(rows).isEqualTo(1);
    }

    private int sessionsOf(String email) {
        return jdbc.sql("SELECT count(*) FROM spring_session WHERE principal_name = ?")
                .param(email)
                .query(Integer.class)
                .single();
    }
}
