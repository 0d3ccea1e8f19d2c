package org.xrayportal.account;

import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditOutcome;

/** What admins do to accounts; every change is audited with the admin as actor. */
@Service
@PreAuthorize("hasRole('ADMIN')")
class AccountAdministration {

    private final Accounts accounts;
    private final SignInThrottle throttle;
    private final AccountAudit audit;
    private final ApplicationEventPublisher events;

    AccountAdministration(
            Accounts accounts, SignInThrottle throttle, AccountAudit audit, ApplicationEventPublisher events) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.audit = audit;
        this.events = events;
    }

    record AccountRow(Account account, boolean locked) {}

    @Transactional(readOnly = true)
    List<AccountRow> search(String search) {
        return accounts
                .search(
                        search == null
                                ? ""
                                : search.replaceAll("\\p{Cntrl}", "").strip(),
                        200)
                .stream()
                .map(account -> new AccountRow(account, throttle.isLocked(account)))
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
