package org.xrayportal.access;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.xrayportal.account.AccountLanguages;
import org.xrayportal.account.AccountService;
import org.xrayportal.system.PortalMail;

/**
 * Tells a patient that staff changed their request or access. The email says only that something changed and asks
 * them to sign in: no patient data leaves the portal by email. Written in the patient's language.
 */
@Component
class AccessNotifications {

    private final AccountService accounts;
    private final AccountLanguages languages;
    private final PortalMail mail;

    AccessNotifications(AccountService accounts, AccountLanguages languages, PortalMail mail) {
        this.accounts = accounts;
        this.languages = languages;
        this.mail = mail;
    }

    /** Runs inside the deciding transaction; {@link PortalMail} sends only once it has committed. */
    @EventListener
    void on(AccessRequestUpdated event) {
        accounts.findById(event.accountId())
                .ifPresent(account -> mail.send(
                        account.email(),
                        languages.of(account.id()),
                        "accessUpdated",
                        account.displayName(),
                        mail.link("/patient/requests")));
    }
}
