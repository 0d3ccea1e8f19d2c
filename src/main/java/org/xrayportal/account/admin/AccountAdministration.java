package org.xrayportal.account.admin;

import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xrayportal.account.Account;
import org.xrayportal.account.AccountDisabled;
import org.xrayportal.account.AccountLanguages;
import org.xrayportal.account.internal.AccountAdministrationException;
import org.xrayportal.account.internal.AccountAudit;
import org.xrayportal.account.internal.AccountProperties;
import org.xrayportal.account.internal.Accounts;
import org.xrayportal.account.internal.LinkTokens;
import org.xrayportal.account.lockout.SignInThrottle;
import org.xrayportal.account.mfa.SecondFactor;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditOutcome;
import org.xrayportal.security.Role;
import org.xrayportal.system.PortalMail;

/** What admins do to accounts; every change is audited with the admin as actor. */
@Service
@PreAuthorize("hasRole('ADMIN')")
class AccountAdministration {

    private final Accounts accounts;
    private final SignInThrottle throttle;
    private final SecondFactor secondFactor;
    private final LinkTokens tokens;
    private final PortalMail mail;
    private final AccountLanguages languages;
    private final AccountAudit audit;
    private final AccountProperties properties;
    private final ApplicationEventPublisher events;

    AccountAdministration(
            Accounts accounts,
            SignInThrottle throttle,
            SecondFactor secondFactor,
            LinkTokens tokens,
            PortalMail mail,
            AccountLanguages languages,
            AccountAudit audit,
            AccountProperties properties,
            ApplicationEventPublisher events) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.secondFactor = secondFactor;
        this.tokens = tokens;
        this.mail = mail;
        this.languages = languages;
        this.audit = audit;
        this.properties = properties;
        this.events = events;
    }

    record AccountRow(Account account, boolean locked, boolean secondFactor) {}

    /**
     * Creates a staff or admin account without a password and emails its owner a link to choose one (staff and admin
     * accounts never come from self-registration, DESIGN.md section 2).
     */
    @Transactional
    Account invite(String email, String displayName, Role role, long adminId) {
        if (role == Role.PATIENT) {
            throw AccountAdministrationException.notForPatients();
        }
        if (accounts.findByEmail(email).isPresent()) {
            throw AccountAdministrationException.emailTaken();
        }
        long id = accounts.insert(email.strip(), displayName.strip(), role, null);
        Account account = accounts.findById(id).orElseThrow();
        audit.record(audit.event(AuditAction.ACCOUNT_CREATED, AuditOutcome.SUCCESS, find(adminId))
                .detail("account", account.email())
                .detail("accountId", id)
                .detail("role", role.name()));
        String token = tokens.issue(id, LinkTokens.Purpose.INVITATION, properties.invitationLinkValidity());
        mail.send(
                account.email(),
                languages.of(account.id()),
                "invitation",
                account.displayName(),
                mail.link("/password/reset/" + token),
                properties.invitationLinkValidity().toDays());
        return account;
    }

    @Transactional
    void resetSecondFactor(long accountId, long adminId) {
        secondFactor.reset(find(accountId), find(adminId));
    }

    @Transactional(readOnly = true)
    List<AccountRow> search(String search) {
        return accounts
                .search(
                        search == null
                                ? ""
                                : search.replaceAll("\\p{Cntrl}", "").strip(),
                        200)
                .stream()
                .map(account ->
                        new AccountRow(account, throttle.isLocked(account), secondFactor.isEnrolled(account.id())))
                .toList();
    }

    @Transactional
    void unlock(long accountId, long adminId) {
        throttle.unlock(find(accountId), find(adminId));
    }

    @Transactional
    void setEnabled(long accountId, boolean enabled, long adminId) {
        Account account = find(accountId);
        if (accountId == adminId) {
            throw AccountAdministrationException.notOnYourself();
        }
        accounts.setEnabled(accountId, enabled);
        audit.record(audit.event(
                        enabled ? AuditAction.ACCOUNT_ENABLED : AuditAction.ACCOUNT_DISABLED,
                        AuditOutcome.SUCCESS,
                        find(adminId))
                .detail("account", account.email())
                .detail("accountId", account.id()));
        if (!enabled) {
            events.publishEvent(new AccountDisabled(account.id(), account.email()));
        }
    }

    private Account find(long id) {
        return accounts.findById(id).orElseThrow(AccountAdministrationException::notFound);
    }
}
