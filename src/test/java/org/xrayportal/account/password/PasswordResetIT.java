package org.xrayportal.account.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xrayportal.security.Role;
import org.xrayportal.support.AccountFlowTest;
import org.xrayportal.support.PortalBrowser;
import org.xrayportal.support.TestMail;

class PasswordResetIT extends AccountFlowTest {

    private static final String NEW = "a fresh passphrase after reset";

    @Autowired
    JdbcClient jdbc;

    @Test
    void resetWhenEmailedLinkFollowedThenNewPasswordSignsInAndLinkIsSingleUse() throws Exception {
        accounts.create("reset-me@example.test", "Rita Reset", Role.PATIENT, PASSWORD);
        var asked = browser().submit("/password/reset", "/password/reset", Map.of("email", "Reset-Me@example.test"));
        assertThat(asked.redirectsTo("/login")).isTrue();

        String link = TestMail.lastLink("reset-me@example.test", "/password/reset/");
        assertThat(TestMail.to("reset-me@example.test").getFirst().getSubject())
                .isEqualTo("Reset your X-ray patient portal password");
        PortalBrowser browser = browser();
        assertThat(browser.get(link).status()).isEqualTo(200);
        var saved = browser.post(link, Map.of("password", NEW, "confirmPassword", NEW));
        assertThat(saved.redirectsTo("/login")).isTrue();
        assertThat(browser.follow(saved).body()).contains("Your password has been saved.");

        assertThat(browser().signIn("reset-me@example.test", NEW).redirectsTo("/patient"))
                .isTrue();
        assertThat(browser().signIn("reset-me@example.test", PASSWORD).redirectsTo("/login?error"))
                .isTrue();
        assertThat(browser().get(link).status()).isEqualTo(410);
        assertThat(browser.post(link, Map.of("password", "another passphrase again", "confirmPassword", "x"))
                        .status())
                .isEqualTo(410);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'PASSWORD_RESET' AND actor_name = ?")
                        .param("reset-me@example.test")
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void resetWhenEmailUnknownThenSameAnswerAndNoEmail() {
        accounts.create("known-reset@example.test", "Known", Role.PATIENT, PASSWORD);
        PortalBrowser a = browser();
        var known = a.submit("/password/reset", "/password/reset", Map.of("email", "known-reset@example.test"));
        PortalBrowser b = browser();
        var unknown = b.submit("/password/reset", "/password/reset", Map.of("email", "unknown-reset@example.test"));

        assertThat(known.status()).isEqualTo(unknown.status());
        assertThat(known.location()).isEqualTo(unknown.location());
        assertThat(withoutCsrf(a.follow(known).body()))
                .isEqualTo(withoutCsrf(b.follow(unknown).body()));
        TestMail.awaitTo("known-reset@example.test", 1);
        assertThat(TestMail.to("unknown-reset@example.test")).isEmpty();
    }

    @Test
    void resetWhenLinkExpiredThenGone() {
        accounts.create("late-reset@example.test", "Late", Role.PATIENT, PASSWORD);
        browser().submit("/password/reset", "/password/reset", Map.of("email", "late-reset@example.test"));
        String link = TestMail.lastLink("late-reset@example.test", "/password/reset/");
        jdbc.sql("UPDATE account_link_token SET expires_at = now() - interval '1 second'"
                        + " WHERE account_id = (SELECT id FROM account WHERE email = ?)")
                .param("late-reset@example.test")
                .update();
        PortalBrowser browser = browser();
        assertThat(browser.get(link).status()).isEqualTo(410);
        assertThat(browser.submit("/password/reset", link, Map.of("password", NEW, "confirmPassword", NEW))
                        .status())
                .isEqualTo(410);
        assertThat(browser().signIn("late-reset@example.test", PASSWORD).redirectsTo("/patient"))
                .isTrue();
    }

    @Test
    void resetWhenInputBadThenFieldErrorsAnd422AndLinkStillWorks() {
        var empty = browser().submit("/password/reset", "/password/reset", Map.of("email", "not an address"));
        assertThat(empty.status()).isEqualTo(422);
        assertThat(empty.body()).contains("Enter an email address");

        accounts.create("weak-reset@example.test", "Weak", Role.PATIENT, PASSWORD);
        browser().submit("/password/reset", "/password/reset", Map.of("email", "weak-reset@example.test"));
        String link = TestMail.lastLink("weak-reset@example.test", "/password/reset/");
        PortalBrowser browser = browser();
        browser.get(link);
        var weak = browser.post(link, Map.of("password", "short", "confirmPassword", "short"));
        assertThat(weak.status()).isEqualTo(422);
        assertThat(weak.body()).contains("This password is too short: use at least 15 characters.");
        assertThat(browser.post(link, Map.of("password", NEW, "confirmPassword", NEW))
                        .redirectsTo("/login"))
                .isTrue();
    }

    private static String withoutCsrf(String body) {
        return body.replaceAll("name=\"_csrf\"\\s+value=\"[^\"]+\"", "");
    }
}
