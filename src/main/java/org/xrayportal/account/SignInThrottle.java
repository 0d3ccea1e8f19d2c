package org.xrayportal.account;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditOutcome;

/**
 * Brute-force protection for sign-in, the current-password check and activation, shared by all nodes through
 * PostgreSQL. The security feature asks {@link #isBlocked} before believing a correct password and reports each
 * outcome; a blocked attempt gets the same answer as a wrong password.
 */
@Service
public class SignInThrottle {

    private static final String ACCOUNT = "ACCOUNT";
    private static final String ADDRESS = "ADDRESS";

    private final JdbcClient jdbc;
    private final AccountProperties.Lockout lockout;
    private final Accounts accounts;
    private final AccountAudit audit;
    private final Clock clock;
    private final java.time.Duration addressBlockedDelay;

    @Autowired
    SignInThrottle(
            JdbcClient jdbc,
            AccountProperties properties,
            AbuseLimits limits,
            Accounts accounts,
            AccountAudit audit,
            Clock clock) {
        this(jdbc, properties.lockout(), accounts, audit, clock, limits.addressBlockedDelay());
    }

    SignInThrottle(
            JdbcClient jdbc, AccountProperties.Lockout lockout, Accounts accounts, AccountAudit audit, Clock clock) {
        this(jdbc, lockout, accounts, audit, clock, new AbuseLimits(0, 0, null, null).addressBlockedDelay());
    }

    private SignInThrottle(
            JdbcClient jdbc,
            AccountProperties.Lockout lockout,
            Accounts accounts,
            AccountAudit audit,
            Clock clock,
            java.time.Duration addressBlockedDelay) {
        this.addressBlockedDelay = addressBlockedDelay;
        this.jdbc = jdbc;
        this.lockout = lockout;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Whether attempts for this sign-in name must be refused for now, even with the right password: the account is
     * blocked or locked, or the client address is blocked and the account has failures of its own. A blocked address
     * alone never refuses a correct password (one address, or a proxy without forwarded-header configuration, must not
     * lock everyone out, issue 12); it only slows, see {@link #addressDelay}.
     */
    @Transactional(readOnly = true)
    public boolean isBlocked(String email, String clientAddress) {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM sign_in_throttle
                                WHERE scope = 'ACCOUNT' AND subject = :account AND (locked OR blocked_until > :now))
                            OR (EXISTS (SELECT 1 FROM sign_in_throttle
                                    WHERE scope = 'ADDRESS' AND subject = :address AND blocked_until > :now)
                                AND EXISTS (SELECT 1 FROM sign_in_throttle
                                    WHERE scope = 'ACCOUNT' AND subject = :account AND failures > 0))
                        """)
                .param("account", key(email))
                .param("address", addressKey(clientAddress))
                .param("now", now)
                .query(Boolean.class)
                .single();
    }

    /** How long to hold an attempt from this address before checking it: zero unless the address is blocked. */
    public java.time.Duration addressDelay(String clientAddress) {
        return clientAddress != null && isAddressBlocked(clientAddress) ? addressBlockedDelay : java.time.Duration.ZERO;
    }

    /** Whether the account is blocked or locked now, for the admin screen. */
    @Transactional(readOnly = true)
    public boolean isLocked(Account account) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM sign_in_throttle WHERE scope = 'ACCOUNT' AND subject = ?"
                        + " AND (locked OR blocked_until > ?))")
                .params(key(account.email()), Timestamp.from(clock.instant()))
                .query(Boolean.class)
                .single();
    }

    /**
     * Counts a failed attempt. Runs in a transaction of its own, so the count survives the failed sign-in's rollback.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordFailure(String email, String clientAddress) {
        Instant now = clock.instant();
        int accountFailures = increment(ACCOUNT, key(email), now, null);
        var backOff = lockout.backOffAfter(accountFailures, lockout.accountFreeFailures());
        boolean hardLock = accountFailures >= lockout.accountHardLimit();
        if (!backOff.isZero() || hardLock) {
            jdbc.sql("UPDATE sign_in_throttle SET blocked_until = ?, locked = locked OR ?"
                            + " WHERE scope = 'ACCOUNT' AND subject = ?")
                    .params(Timestamp.from(now.plus(backOff)), hardLock, key(email))
                    .update();
            if (accountFailures == lockout.accountFreeFailures() || accountFailures == lockout.accountHardLimit()) {
                var account = accounts.findByEmail(email);
                audit.record(audit.event(AuditAction.ACCOUNT_LOCKED, AuditOutcome.MINOR_FAILURE, null)
                        .actor(account.map(Account::id).orElse(null), key(email), null)
                        .detail("failures", accountFailures)
                        .detail("lock", hardLock ? "until-unlocked" : "back-off")
                        .detail("accountExists", account.isPresent()));
            }
        }
        recordAddressFailure(clientAddress);
    }

    /** Whether guesses from this address (sign-in or activation codes) must be refused for now. */
    @Transactional(readOnly = true)
    public boolean isAddressBlocked(String clientAddress) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM sign_in_throttle WHERE scope = 'ADDRESS' AND subject = ?"
                        + " AND blocked_until > ?)")
                .params(addressKey(clientAddress), Timestamp.from(clock.instant()))
                .query(Boolean.class)
                .single();
    }

    /** Counts a failed guess that is not tied to an account (a wrong activation code), in its own transaction. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordAddressFailure(String clientAddress) {
        if (clientAddress == null) {
            return;
        }
        Instant now = clock.instant();
        int failures = increment(ADDRESS, addressKey(clientAddress), now, lockout.addressWindow());
        var backOff = lockout.backOffAfter(failures, lockout.addressFreeFailures());
        if (!backOff.isZero()) {
            jdbc.sql("UPDATE sign_in_throttle SET blocked_until = ? WHERE scope = 'ADDRESS' AND subject = ?")
                    .params(Timestamp.from(now.plus(backOff)), addressKey(clientAddress))
                    .update();
        }
    }

    /** A successful sign-in ends the account's run of failures (not the address's: one good account is no alibi). */
    @Transactional
    public void recordSuccess(String email) {
        jdbc.sql("DELETE FROM sign_in_throttle WHERE scope = 'ACCOUNT' AND subject = ? AND NOT locked")
                .param(key(email))
                .update();
    }

    /** An admin lifts a block or lock on the account. */
    @Transactional
    public void unlock(Account account, Account admin) {
        int rows = jdbc.sql("DELETE FROM sign_in_throttle WHERE scope = 'ACCOUNT' AND subject = ?")
                .param(key(account.email()))
                .update();
        audit.record(audit.event(AuditAction.ACCOUNT_UNLOCKED, AuditOutcome.SUCCESS, admin)
                .detail("account", account.email())
                .detail("accountId", account.id())
                .detail("wasLocked", rows > 0));
    }

    /** Adds one failure and returns the new count; a window, where given, forgets failures older than it. */
    private int increment(String scope, String subject, Instant now, java.time.Duration window) {
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

    private static String key(String email) {
        // Control characters (a NUL would be refused by PostgreSQL) are no part of any email address.
        String normalized =
                email == null ? "" : email.replaceAll("\\p{Cntrl}", "").strip().toLowerCase(Locale.ROOT);
        return normalized.length() > 320 ? normalized.substring(0, 320) : normalized;
    }

    private static String addressKey(String clientAddress) {
        return clientAddress == null ? "" : clientAddress;
    }
}
