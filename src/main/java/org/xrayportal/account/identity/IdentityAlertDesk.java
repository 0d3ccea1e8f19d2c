package org.xrayportal.account.identity;

import java.time.Clock;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xrayportal.account.internal.AccountAdministrationException;
import org.xrayportal.account.internal.AccountAudit;
import org.xrayportal.account.internal.Accounts;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditOutcome;

/** Staff work the identity alerts: look, then resolve with a written note, restoring image access or not. */
@Service
class IdentityAlertDesk {

    private final IdentityAlerts alerts;
    private final IdentityLinks links;
    private final Accounts accounts;
    private final AccountAudit audit;
    private final Clock clock;

    IdentityAlertDesk(IdentityAlerts alerts, IdentityLinks links, Accounts accounts, AccountAudit audit, Clock clock) {
        this.alerts = alerts;
        this.links = links;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('STAFF')")
    List<IdentityAlert> open() {
        return alerts.open();
    }

    /**
     * Resolves an open alert. {@code restoreAccess} lifts a "not my images" suspension of the alert's account (staff
     * re-verified the link); without it the suspension stays.
     */
    @Transactional
    @PreAuthorize("hasRole('STAFF')")
    void resolve(long alertId, String resolution, boolean restoreAccess, long staffId) {
        var alert = alerts.find(alertId)
                .filter(a -> a.resolvedAt() == null)
                .orElseThrow(AccountAdministrationException::notFound);
        if (!alerts.resolve(alertId, staffId, resolution.strip(), clock.instant())) {
            throw AccountAdministrationException.notFound();
        }
        boolean restored = restoreAccess && alert.accountId() != null && links.restoreImages(alert.accountId());
        audit.record(audit.event(
                        AuditAction.IDENTITY_ALERT_RESOLVED,
                        AuditOutcome.SUCCESS,
                        accounts.findById(staffId).orElseThrow())
                .patient(alert.patientId(), alert.issuer().isEmpty() ? null : alert.issuer())
                .study(alert.studyUid())
                .detail("alert", alertId)
                .detail("kind", alert.kind().name())
                .detail("accountId", alert.accountId())
                .detail("resolution", resolution.strip())
                .detail("imageAccessRestored", restored));
    }
}
