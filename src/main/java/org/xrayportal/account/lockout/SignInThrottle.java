package org.xrayportal.account.lockout;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.xrayportal.account.Account;
import org.xrayportal.account.internal.AbuseLimits;
import org.xrayportal.account.internal.AccountAudit;
import org.xrayportal.account.internal.AccountProperties;
import org.xrayportal.account.internal.Accounts;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditOutcome;

/**
 * Brute-force protection for sign-in, the current-password check and activation, shared by all nodes through
 * PostgreSQL. The password check of sign-in asks {@link #isBlocked} before believing a correct password and reports each
 * outcome; a blocked attempt gets the same answer as a wrong password.
 */
@Service
public class SignInThrottle {

    private static final String ACCOUNT = SignInFailures.ACCOUNT;
    private static final String ADDRESS = SignInFailures.ADDRESS;

    private final SignInFailures failures;
    private final AccountProperties.Lockout lockout;
    private final Accounts accounts;
    private final AccountAudit audit;
    private final Clock clock;
    private final java.time.Duration addressBlockedDelay;

    @Autowired
    SignInThrottle(
            SignInFailures failures,
            AccountProperties properties,
            AbuseLimits limits,
            Accounts accounts,
            AccountAudit audit,
            Clock clock) {
        this(failures, properties.lockout(), accounts, audit, clock, limits.addressBlockedDelay());
    }

    SignInThrottle(
            SignInFailures failures,
            AccountProperties.Lockout lockout,
            Accounts accounts,
            AccountAudit audit,
            Clock clock) {
        this(failures, lockout, accounts, audit, clock, new AbuseLimits(0, 0, null, null).addressBlockedDelay());
    }

    private SignInThrottle(
            SignInFailures failures,
            AccountProperties.Lockout lockout,
            Accounts accounts,
            AccountAudit audit,
            Clock clock,
            java.time.Duration addressBlockedDelay) {
        this.addressBlockedDelay = addressBlockedDelay;
        this.failures = failures;
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
        return failures.accountOrAddressBlocks(key(email), addressKey(clientAddress), clock.instant());
    }

    /** How long to hold an attempt from this address before checking it: zero unless the address is blocked. */
    public java.time.Duration addressDelay(String clientAddress) {
        return clientAddress != null && isAddressBlocked(clientAddress) ? addressBlockedDelay : java.time.Duration.ZERO;
    }

    /** Whether the account is blocked or locked now, for the admin screen. */
    @Transactional(readOnly = true)
    public boolean isLocked(Account account) {
        return failures.isBlocked(ACCOUNT, key(account.email()), clock.instant());
    }

    /**
     * Counts a failed attempt. Runs in a transaction of its own, so the count survives the failed sign-in's rollback.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordFailure(String email, String clientAddress) {
        Instant now = clock.instant();
        int accountFailures = failures.increment(ACCOUNT, key(email), now, null);
        var backOff = lockout.backOffAfter(accountFailures, lockout.accountFreeFailures());
        boolean hardLock = accountFailures >= lockout.accountHardLimit();
        if (!backOff.isZero() || hardLock) {
            failures.blockAccount(key(email), now.plus(backOff), hardLock);
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
        return failures.isBlocked(ADDRESS, addressKey(clientAddress), clock.instant());
    }

    /** Counts a failed guess that is not tied to an account (a wrong activation code), in its own transaction. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordAddressFailure(String clientAddress) {
        if (clientAddress == null) {
            return;
        }
        Instant now = clock.instant();
        int addressFailures = failures.increment(ADDRESS, addressKey(clientAddress), now, lockout.addressWindow());
        var backOff = lockout.backOffAfter(addressFailures, lockout.addressFreeFailures());
        if (!backOff.isZero()) {
            failures.blockAddress(addressKey(clientAddress), now.plus(backOff));
        }
    }

    /** A successful sign-in ends the account's run of failures (not the address's: one good account is no alibi). */
    @Transactional
    public void recordSuccess(String email) {
        failures.forgetUnlessLocked(key(email));
    }

    /** An admin lifts a block or lock on the account. */
    @Transactional
    public void unlock(Account account, Account admin) {
        int rows = failures.forget(key(account.email()));
        audit.record(audit.event(AuditAction.ACCOUNT_UNLOCKED, AuditOutcome.SUCCESS, admin)
                .detail("account", account.email())
                .detail("accountId", account.id())
                .detail("wasLocked", rows > 0));
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
