package org.xrayportal.sharing;

import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xrayportal.account.Actor;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditEvent;
import org.xrayportal.audit.AuditLog;
import org.xrayportal.audit.AuditOutcome;

/**
 * The admin's sharing controls (issue 19, Deliver 5). Turning sharing off suspends every share rather than ending it:
 * no share opens and no recipient's session goes on (they are deleted, so turning sharing on again asks each
 * recipient for the passcode again), but shares keep their expiry and nothing is revoked, so a clinic that pauses
 * sharing for an incident does not make every patient create and hand out new links afterwards. An admin who wants
 * shares ended for good can say so to the patients, who end them (or disable an account, which ends its shares).
 */
@Service
class SharingControls {

    private final SharingSettingsStore store;
    private final Shares shares;
    private final AuditLog audit;
    private final Clock clock;

    SharingControls(SharingSettingsStore store, Shares shares, AuditLog audit, Clock clock) {
        this.store = store;
        this.shares = shares;
        this.audit = audit;
        this.clock = clock;
    }

    SharingSettings current() {
        return store.current();
    }

    /** Saves the controls (audited, before and after); turning sharing off ends every recipient's session at once. */
    @Transactional
    void change(Actor admin, SharingSettings changed) {
        SharingSettings before = store.current();
        store.save(changed, admin.accountId(), clock.instant());
        int sessionsEnded = !changed.enabled() ? shares.deleteAllSessions() : 0;
        audit.record(AuditEvent.of(AuditAction.SHARING_SETTINGS_CHANGED, AuditOutcome.SUCCESS)
                .actor(admin.accountId(), admin.name(), admin.role().name())
                .clientAddress(admin.clientAddress())
                .detail("enabled", changed.enabled())
                .detail("maxExpiry", changed.maxExpiry().toString())
                .detail("download", changed.download().name())
                .detail("secondFactor", changed.secondFactor().name())
                .detail(
                        "before",
                        before.enabled() + "/" + before.maxExpiry() + "/"
                                + before.download().name() + "/"
                                + before.secondFactor().name())
                .detail("sessionsEnded", sessionsEnded)
                .build());
    }
}
