package org.xrayportal.account.lockout;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Failed sign-in counts and blocks in {@code sign_in_throttle}, one row per account (scope {@code ACCOUNT}, subject
 * its normalised email) or client address (scope {@code ADDRESS}), shared by all nodes.
 */
@Repository
class SignInFailures {

    static final String ACCOUNT = "ACCOUNT";
    static final String ADDRESS = "ADDRESS";

    private final JdbcClient jdbc;

    SignInFailures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The account is blocked or locked, or the address is blocked and the account has failures of its own.
     */
    boolean accountOrAddressBlocks(String account, String address, Instant now) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM sign_in_throttle
                                WHERE scope = 'ACCOUNT' AND subject = :account AND (locked OR blocked_until > :now))
                            OR (EXISTS (SELECT 1 FROM sign_in_throttle
                                    WHERE scope = 'ADDRESS' AND subject = :address AND blocked_until > :now)
                                AND EXISTS (SELECT 1 FROM sign_in_throttle
                                    WHERE scope = 'ACCOUNT' AND subject = :account AND failures > 0))
                        """)
                .param("account", account)
                .param("address", address)
                .param("now", Timestamp.from(now))
                .query(Boolean.class)
                .single();
    }

    /** Whether the subject is blocked (or, for an account, locked) at {@code now}. */
    boolean isBlocked(String scope, String subject, Instant now) {
        String lock = ACCOUNT.equals(scope) ? "locked OR " : "";
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM sign_in_throttle WHERE scope = ? AND subject = ?" + " AND ("
                        + lock + "blocked_until > ?))")
                .params(scope, subject, Timestamp.from(now))
                .query(Boolean.class)
                .single();
    }

    /** Adds one failure and returns the new count; a window, where given, forgets failures older than it. */
    int increment(String scope, String subject, Instant now, Duration window) {
        Timestamp forgetBefore = Timestamp.from(window == null ? Instant.EPOCH : now.minus(window));
        return jdbc.sql("""
                        INSERT INTO sign_in_throttle AS t (scope, subject, failures, last_failure_at)
                        VALUES (?, ?, 1, ?)
                        ON CONFLICT (scope, subject) DO UPDATE
                        SET failures = CASE WHEN t.last_failure_at < ? AND NOT t.locked THEN 1 ELSE t.failures + 1 END,
                            last_failure_at = EXCLUDED.last_failure_at
                        RETURNING failures
                        """)
                .params(scope, subject, Timestamp.from(now), forgetBefore)
                .query(Integer.class)
                .single();
    }

    /** Blocks the account until {@code until}; {@code lock} locks it until an admin unlocks it (a lock stays). */
    void blockAccount(String account, Instant until, boolean lock) {
        jdbc.sql("UPDATE sign_in_throttle SET blocked_until = ?, locked = locked OR ?"
                        + " WHERE scope = 'ACCOUNT' AND subject = ?")
                .params(Timestamp.from(until), lock, account)
                .update();
    }

    void blockAddress(String address, Instant until) {
        jdbc.sql("UPDATE sign_in_throttle SET blocked_until = ? WHERE scope = 'ADDRESS' AND subject = ?")
                .params(Timestamp.from(until), address)
                .update();
    }

    /** Forgets the account's run of failures unless it is locked. */
    void forgetUnlessLocked(String account) {
        jdbc.sql("DELETE FROM sign_in_throttle WHERE scope = 'ACCOUNT' AND subject = ? AND NOT locked")
                .param(account)
                .update();
    }

    /** Lifts any block or lock of the account; returns how many rows there were (0 or 1). */
    int forget(String account) {
        return jdbc.sql("DELETE FROM sign_in_throttle WHERE scope = 'ACCOUNT' AND subject = ?")
                .param(account)
                .update();
    }
}
