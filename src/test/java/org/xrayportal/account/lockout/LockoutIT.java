package org.xrayportal.account.lockout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xrayportal.account.Account;
import org.xrayportal.account.internal.AccountAudit;
import org.xrayportal.account.internal.AccountProperties;
import org.xrayportal.account.internal.Accounts;
import org.xrayportal.security.Role;
import org.xrayportal.support.AccountFlowTest;
import org.xrayportal.support.PortalBrowser;

class LockoutIT extends AccountFlowTest {

    private static final String PASSWORD = "a sturdy passphrase for lockout";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Accounts accountRows;

    @Autowired
    AccountAudit audit;

    @Test
    void signInWhenAccountThrottledThenCorrectPasswordAnsweredExactlyLikeAWrongOne() {
        accounts.create("locked@example.test", "Lou Locked", Role.PATIENT, PASSWORD);
        for (int i = 0; i < 5; i++) {
            assertThat(browser()
                            .signIn("locked@example.test", "wrong guess number " + i)
                            .redirectsTo("/login?error"))
                    .isTrue();
        }

        PortalBrowser blocked = browser();
        var correct = blocked.signIn("locked@example.test", PASSWORD);
        PortalBrowser wrong = browser();
        var wrongAnswer = wrong.signIn("locked@example.test", "yet another wrong guess");
        PortalBrowser unknown = browser();
        var unknownAnswer = unknown.signIn("nobody-here@example.test", "yet another wrong guess");

        assertThat(correct.status()).isEqualTo(wrongAnswer.status()).isEqualTo(unknownAnswer.status());
        assertThat(correct.location()).isEqualTo(wrongAnswer.location()).isEqualTo(unknownAnswer.location());
        assertThat(withoutCsrf(blocked.follow(correct).body()))
                .isEqualTo(withoutCsrf(wrong.follow(wrongAnswer).body()))
                .isEqualTo(withoutCsrf(unknown.follow(unknownAnswer).body()));
        assertThat(blocked.get("/patient").status()).isNotEqualTo(200);

        assertThat(count("ACCOUNT_LOCKED", "locked@example.test")).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'SIGN_IN_FAILED' AND actor_name = ?"
                                + " AND details::jsonb ->> 'reason' = 'throttled'")
                        .param("locked@example.test")
                        .query(Integer.class)
                        .single())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void signInWhenEmailHasControlCharactersThenPlainFailureNotServerError() {
        assertThat(browser().signIn("nul\u0000byte@example.test", PASSWORD).redirectsTo("/login?error"))
                .isTrue();
    }

    @Test
    void unlockWhenAdminUnlocksThenCorrectPasswordSignsIn() {
        Account patient = accounts.create("unlock-me@example.test", "Una Lock", Role.PATIENT, PASSWORD);
        for (int i = 0; i < 5; i++) {
            browser().signIn("unlock-me@example.test", "wrong guess number " + i);
        }
        assertThat(browser().signIn("unlock-me@example.test", PASSWORD).redirectsTo("/login?error"))
                .isTrue();

        PortalBrowser admin = signedIn(Role.ADMIN, "unlock-admin@example.test");
        var list = admin.get("/admin/accounts?q=unlock-me");
        assertThat(list.body()).contains("unlock-me@example.test").contains("Locked after failed sign-ins");
        var unlocked = admin.post("/admin/accounts/" + patient.id() + "/unlock", java.util.Map.of());
        assertThat(unlocked.redirectsTo("/admin/accounts")).isTrue();

        assertThat(browser().signIn("unlock-me@example.test", PASSWORD).redirectsTo("/patient"))
                .isTrue();
        assertThat(count("ACCOUNT_UNLOCKED", "unlock-admin@example.test")).isEqualTo(1);
    }

    @Test
    void failuresWhenOneAddressTriesManyAccountsThenAccountsWithFailuresAreRefusedAndOthersOnlySlowed() {
        var lockout = new AccountProperties.Lockout(5, 30, Duration.ofMinutes(1), Duration.ofMinutes(15), 3, null);
        Clock clock = Clock.fixed(Instant.parse("2026-11-01T10:00:00Z"), ZoneOffset.UTC);
        var throttle = new SignInThrottle(new SignInFailures(jdbc), lockout, accountRows, audit, clock);
        String address = "203.0.113.77";
        throttle.recordFailure("spray-1@example.test", address);
        throttle.recordFailure("spray-2@example.test", address);
        assertThat(throttle.isBlocked("spray-3@example.test", address)).isFalse();
        throttle.recordFailure("spray-3@example.test", address);

        // Accounts this address failed on stay refused while it is blocked; an account without failures of its own is
        // only slowed down, so one address (or a proxy all users share) cannot lock everyone out (issue 12).
        assertThat(throttle.isBlocked("spray-2@example.test", address)).isTrue();
        assertThat(throttle.isBlocked("spray-4@example.test", address)).isFalse();
        assertThat(throttle.addressDelay(address)).isPositive();
        assertThat(throttle.addressDelay("198.51.100.1")).isZero();
        assertThat(throttle.isBlocked("spray-2@example.test", "198.51.100.1")).isFalse();
        var later = new SignInThrottle(
                new SignInFailures(jdbc), lockout, accountRows, audit, Clock.offset(clock, Duration.ofMinutes(2)));
        assertThat(later.isBlocked("spray-2@example.test", address)).isFalse();
        assertThat(later.addressDelay(address)).isZero();
    }

    @Test
    void backOffWhenFailuresGoOnThenDoublesUpToTheMaximum() {
        var lockout = new AccountProperties.Lockout(5, 30, Duration.ofSeconds(30), Duration.ofMinutes(15), 20, null);
        assertThat(lockout.backOffAfter(4, 5)).isZero();
        assertThat(lockout.backOffAfter(5, 5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(lockout.backOffAfter(6, 5)).isEqualTo(Duration.ofMinutes(1));
        assertThat(lockout.backOffAfter(29, 5)).isEqualTo(Duration.ofMinutes(15));
        assertThat(new AccountProperties.Lockout(0, 500, null, null, 0, null).accountHardLimit())
                .isEqualTo(100);
    }

    private int count(String action, String actor) {
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE action = ? AND actor_name = ?")
                .params(action, actor)
                .query(Integer.class)
                .single();
    }

    private static String withoutCsrf(String body) {
        return body.replaceAll("name=\"_csrf\"\\s+value=\"[^\"]+\"", "");
    }
}
