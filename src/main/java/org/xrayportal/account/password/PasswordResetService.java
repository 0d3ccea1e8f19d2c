package org.xrayportal.account.password;

import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xrayportal.account.Account;
import org.xrayportal.account.AccountLanguages;
import org.xrayportal.account.internal.AccountAudit;
import org.xrayportal.account.internal.AccountProperties;
import org.xrayportal.account.internal.Accounts;
import org.xrayportal.account.internal.LinkTokens;
import org.xrayportal.account.internal.MailRateLimit;
import org.xrayportal.account.lockout.SignInThrottle;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditOutcome;
import org.xrayportal.system.PortalMail;

/**
 * Password reset by a single-use emailed link, and the first password of invited staff and admins (same link, other
 * purpose). Asking never reveals whether an address has an account.
 */
@Service
class PasswordResetService {

    private final Accounts accounts;
    private final LinkTokens tokens;
    private final Passwords passwords;
    private final SignInThrottle throttle;
    private final PortalMail mail;
    private final AccountLanguages languages;
    private final MailRateLimit mailRateLimit;
    private final AccountAudit audit;
    private final AccountProperties properties;

    PasswordResetService(
            Accounts accounts,
            LinkTokens tokens,
            Passwords passwords,
            SignInThrottle throttle,
            PortalMail mail,
            AccountLanguages languages,
            MailRateLimit mailRateLimit,
            AccountAudit audit,
            AccountProperties properties) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.passwords = passwords;
        this.throttle = throttle;
        this.mail = mail;
        this.languages = languages;
        this.mailRateLimit = mailRateLimit;
        this.audit = audit;
        this.properties = properties;
    }

    /**
     * Emails a reset link if an enabled account has this address; does the same visible nothing otherwise. The limits
     * are counted before the account is looked up, so they cost the same whether it exists; beyond them nothing is
     * sent and the answer is the same (issue 12). The email itself leaves after the commit, off the request thread.
     */
    @Transactional
    void request(String email) {
        boolean mayMail =
                mailRateLimit.allowRequestFrom(AccountAudit.clientAddress()) && mailRateLimit.allowMailTo(email);
        Optional<Account> account = accounts.findByEmail(email).filter(Account::enabled);
        audit.record(audit.event(AuditAction.PASSWORD_RESET_REQUESTED, AuditOutcome.SUCCESS, account.orElse(null))
                .detail("requestedFor", account.isPresent() ? null : email.strip())
                .detail("accountExists", account.isPresent())
                .detail("mailLimited", !mayMail));
        account.filter(found -> mayMail).ifPresent(found -> {
            String token = tokens.issue(found.id(), LinkTokens.Purpose.RESET, properties.resetLinkValidity());
            mail.send(
                    found.email(),
                    languages.of(found.id()),
                    "reset",
                    found.displayName(),
                    mail.link("/password/reset/" + token),
                    properties.resetLinkValidity().toMinutes());
        });
    }

    /** Whether the link is still usable, and for what. */
    @Transactional(readOnly = true)
    Optional<LinkTokens.Purpose> check(String token) {
        return tokens.peek(token)
                .filter(valid -> valid.purpose() != LinkTokens.Purpose.VERIFY_EMAIL)
                .map(LinkTokens.Valid::purpose);
    }

    /**
     * Sets the new password and uses up the link, in one transaction.
     *
     * @return false when the link is no longer valid
     * @throws PasswordRejectedException when the password breaks the policy (the link stays usable)
     */
    @Transactional
    boolean complete(String token, String newPassword) {
        var valid = tokens.peek(token).filter(v -> v.purpose() != LinkTokens.Purpose.VERIFY_EMAIL);
        if (valid.isEmpty()) {
            return false;
        }
        Account account = accounts.findById(valid.get().accountId()).orElseThrow();
        passwords.setPassword(account, newPassword, "password", AuditAction.PASSWORD_RESET);
        tokens.consume(token, valid.get().purpose()).orElseThrow(() -> new IllegalStateException("Link used twice"));
        // Following the link proves control of the address; a reset also ends a temporary sign-in block.
        accounts.markEmailVerified(account.id());
        throttle.recordSuccess(account.email());
        return true;
    }
}
