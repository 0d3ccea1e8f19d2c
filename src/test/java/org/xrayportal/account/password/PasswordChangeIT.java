package org.xrayportal.account.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xrayportal.security.Role;
import org.xrayportal.support.AccountFlowTest;
import org.xrayportal.support.PortalBrowser;

class PasswordChangeIT extends AccountFlowTest {

    private static final String OLD = "an old but decent passphrase";

    @Autowired
    JdbcClient jdbc;

    @Test
    void changeWhenCurrentPasswordKnownThenNewOneSignsIn() {
        accounts.create("change-ok@example.test", "Pat Change", Role.PATIENT, OLD);
        PortalBrowser browser = browser();
        assertThat(browser.signIn("change-ok@example.test", OLD).redirectsTo("/patient"))
                .isTrue();

        String sixtyFour = "tulips and teapots on a rainy tuesday in the old harbour town 64";
        var changed = browser.submit(
                "/account/password",
                "/account/password",
                Map.of("currentPassword", OLD, "newPassword", sixtyFour, "confirmPassword", sixtyFour));
        assertThat(changed.redirectsTo("/account")).isTrue();
        assertThat(browser.follow(changed).body()).contains("Your password has been changed");

        assertThat(browser().signIn("change-ok@example.test", OLD).redirectsTo("/login?error"))
                .isTrue();
        assertThat(browser().signIn("change-ok@example.test", sixtyFour).redirectsTo("/patient"))
                .isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'PASSWORD_CHANGED' AND actor_name = ?"
                                + " AND outcome = 0")
                        .param("change-ok@example.test")
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void changeWhenCurrentPasswordWrongOrNewOneCommonThenFieldErrorsAnd422() {
        accounts.create("change-bad@example.test", "Pat Bad", Role.PATIENT, OLD);
        PortalBrowser browser = browser();
        browser.signIn("change-bad@example.test", OLD);

        var wrongCurrent = browser.submit(
                "/account/password",
                "/account/password",
                Map.of(
                        "currentPassword", "not the password at all",
                        "newPassword", "a brand new passphrase",
                        "confirmPassword", "a brand new passphrase"));
        assertThat(wrongCurrent.status()).isEqualTo(422);
        assertThat(wrongCurrent.body()).contains("This is not your current password.");

        var common = browser.submit(
                "/account/password",
                "/account/password",
                Map.of(
                        "currentPassword",
                        OLD,
                        "newPassword",
                        "123456789987654321",
                        "confirmPassword",
                        "123456789987654321"));
        assertThat(common.status()).isEqualTo(422);
        assertThat(common.body()).contains("This password is too common");

        var mismatch = browser.submit(
                "/account/password",
                "/account/password",
                Map.of("currentPassword", OLD, "newPassword", "a brand new passphrase", "confirmPassword", "other"));
        assertThat(mismatch.status()).isEqualTo(422);
        assertThat(mismatch.body()).contains("The two passwords do not match.").doesNotContain(OLD);

        var empty = browser.submit("/account/password", "/account/password", Map.of());
        assertThat(empty.status()).isEqualTo(422);
        assertThat(empty.body()).contains("Please fill in this field.");

        assertThat(browser().signIn("change-bad@example.test", OLD).redirectsTo("/patient"))
                .isTrue();
    }
}
