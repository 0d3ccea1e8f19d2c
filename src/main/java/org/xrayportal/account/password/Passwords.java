package org.xrayportal.account.password;

import java.time.Clock;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xrayportal.account.Account;
import org.xrayportal.account.PasswordChanged;
import org.xrayportal.account.internal.AccountAudit;
import org.xrayportal.account.internal.Accounts;
import org.xrayportal.account.lockout.SignInThrottle;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditOutcome;

/** Changing a password: by its owner who knows the current one, or through an emailed link (reset, first password). */
@Service
class Passwords {

    private final Accounts accounts;
    private final PasswordEncoder passwordEncoder;
    private final PasswordPolicy passwordPolicy;
    private final AccountAudit audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final SignInThrottle throttle;

    Passwords(
            Accounts accounts,
            PasswordEncoder passwordEncoder,
            PasswordPolicy passwordPolicy,
            AccountAudit audit,
            ApplicationEventPublisher events,
            Clock clock,
            SignInThrottle throttle) {
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
        this.passwordPolicy = passwordPolicy;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.throttle = throttle;
    }

    /**
     * Changes the password of a signed-in person, who must know the current one.
     *
     * @throws PasswordRejectedException when the current password is wrong or the new one breaks the policy
     */
    @Transactional
    void changePassword(long accountId, String currentPassword, String newPassword) {
        Account account = accounts.findById(accountId).orElseThrow();
        // The current-password check is a sign-in by other means: it counts toward the account's throttle and, while
        // the account is blocked, even the right password is answered as wrong (issue 12).
        String address = AccountAudit.clientAddress();
        boolean blocked = throttle.isBlocked(account.email(), address);
        boolean matches =
                account.passwordHash() != null && passwordEncoder.matches(currentPassword, account.passwordHash());
        if (blocked || !matches) {
            if (!matches) {
                throttle.recordFailure(account.email(), address);
            }
            audit.record(audit.event(AuditAction.PASSWORD_CHANGED, AuditOutcome.MINOR_FAILURE, account)
                    .detail("reason", matches ? "throttled" : "current-password-wrong"));
            throw PasswordRejectedException.wrongCurrentPassword();
        }
        setPassword(account, newPassword, "newPassword", AuditAction.PASSWORD_CHANGED);
    }

    /** Stores a new password after checking the policy, audits it and tells listeners (who end other sessions). */
    void setPassword(Account account, String newPassword, String field, AuditAction action) {
        passwordPolicy.violation(newPassword, account.email()).ifPresent(code -> {
            throw PasswordRejectedException.forPolicy(field, code);
        });
        accounts.updatePassword(account.id(), passwordEncoder.encode(newPassword), clock.instant());
        audit.record(audit.event(action, AuditOutcome.SUCCESS, account));
        events.publishEvent(new PasswordChanged(account.id(), account.email()));
    }
}
