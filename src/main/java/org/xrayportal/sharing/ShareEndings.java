package org.xrayportal.sharing;

import java.time.Clock;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.xrayportal.account.AccountDisabled;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditEvent;
import org.xrayportal.audit.AuditLog;
import org.xrayportal.audit.AuditOutcome;

/**
 * Ends every share of an account an admin disabled: the access policy does not ask whether an account is enabled (a
 * disabled patient cannot sign in), so without this a disabled patient's links would keep working.
 */
@Component
class ShareEndings {

    private final Shares shares;
    private final AuditLog audit;
    private final Clock clock;

    ShareEndings(Shares shares, AuditLog audit, Clock clock) {
        this.shares = shares;
        this.audit = audit;
        this.clock = clock;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onAccountDisabled(AccountDisabled event) {
        for (Share share : shares.ofAccount(event.accountId())) {
            if (share.isActive(clock.instant()) && shares.revoke(share.id(), event.accountId(), clock.instant())) {
                shares.deleteSessionsOf(share.id());
                audit.record(AuditEvent.of(AuditAction.SHARE_REVOKED, AuditOutcome.SUCCESS)
                        .actor(null, "portal", null)
                        .detail("share", share.id())
                        .detail("reason", "account-disabled")
                        .build());
            }
        }
    }
}
