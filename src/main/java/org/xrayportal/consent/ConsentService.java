package org.xrayportal.consent;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditEvent;
import org.xrayportal.audit.AuditLog;
import org.xrayportal.audit.AuditOutcome;
import org.xrayportal.security.PortalUser;

/**
 * The consent feature's public API. Giving and withdrawing are each one step, recorded with time, version, client
 * address and user agent, and audited in the same transaction (GDPR Art. 7(1) and 7(3)).
 */
@Service
public class ConsentService {

    private static final int MAX_USER_AGENT = 512;

    private final ConsentDocuments documents;
    private final ConsentAcceptances acceptances;
    private final AuditLog auditLog;
    private final Clock clock;

    ConsentService(ConsentDocuments documents, ConsentAcceptances acceptances, AuditLog auditLog, Clock clock) {
        this.documents = documents;
        this.acceptances = acceptances;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /** The terms in effect now, if any have been published. */
    public Optional<ConsentDocument> currentDocument() {
        return documents.inEffectAt(clock.instant());
    }

    public Optional<ConsentDocument> document(int version) {
        return documents.find(version);
    }

    public List<ConsentDocument> allDocuments() {
        return documents.all();
    }

    /** Read on every request that returns patient data: withdrawal and new versions take effect at once. */
    public boolean hasCurrentConsent(long accountId) {
        return statusOf(accountId).isCurrent();
    }

    public ConsentStatus statusOf(long accountId) {
        ConsentDocument current = currentDocument().orElse(null);
        Optional<ConsentAcceptance> inForce = acceptances.inForce(accountId);
        if (inForce.isPresent()) {
            boolean upToDate = current != null && inForce.get().version() == current.version();
            return new ConsentStatus(
                    upToDate ? ConsentStatus.State.CURRENT : ConsentStatus.State.NEEDS_RENEWAL, current, inForce.get());
        }
        return new ConsentStatus(
                acceptances.anyEver(accountId) ? ConsentStatus.State.WITHDRAWN : ConsentStatus.State.NOT_GIVEN,
                current,
                null);
    }

    public List<ConsentAcceptance> history(long accountId) {
        return acceptances.history(accountId);
    }

    /**
     * Records the patient's agreement to {@code version}, which must be the version in effect (the page they read).
     *
     * @return false when that version was already agreed (a repeated submit), true when recorded now
     */
    @Transactional
    public boolean accept(PortalUser patient, int version, String clientAddress, String userAgent) {
        ConsentDocument current = currentDocument().orElseThrow(ConsentException::noTermsPublished);
        if (current.version() != version) {
            throw ConsentException.versionNotCurrent(version, current.version());
        }
        Instant now = clock.instant();
        Optional<ConsentAcceptance> previous = acceptances.inForceForUpdate(patient.id());
        if (previous.isPresent() && previous.get().version() == version) {
            return false;
        }
        previous.ifPresent(
                old -> acceptances.end(old.id(), now, ConsentAcceptance.EndReason.SUPERSEDED, clientAddress));
        acceptances.insert(patient.id(), version, now, clientAddress, truncate(userAgent));
        auditLog.record(audit(AuditAction.CONSENT_GIVEN, patient, clientAddress)
                .detail("version", version)
                .detail(
                        "replacedVersion",
                        previous.map(ConsentAcceptance::version).orElse(null))
                .build());
        return true;
    }

    /** Ends the agreement in force; all image access stops with it. */
    @Transactional
    public void withdraw(PortalUser patient, String clientAddress) {
        ConsentAcceptance inForce =
                acceptances.inForceForUpdate(patient.id()).orElseThrow(ConsentException::nothingToWithdraw);
        acceptances.end(inForce.id(), clock.instant(), ConsentAcceptance.EndReason.WITHDRAWN, clientAddress);
        auditLog.record(audit(AuditAction.CONSENT_WITHDRAWN, patient, clientAddress)
                .detail("version", inForce.version())
                .build());
    }

    /** Publishes the next version; patients must agree again once it takes effect. */
    @Transactional
    public ConsentDocument publish(PortalUser admin, String title, String body, Instant effectiveFrom, String client) {
        int version = documents.nextVersionLocked();
        documents.insert(version, title.strip(), body.strip(), effectiveFrom, clock.instant(), admin.id());
        auditLog.record(audit(AuditAction.CONSENT_PUBLISHED, admin, client)
                .detail("version", version)
                .detail("effectiveFrom", effectiveFrom.toString())
                .build());
        return documents.find(version).orElseThrow();
    }

    private static AuditEvent.Builder audit(AuditAction action, PortalUser user, String clientAddress) {
        return AuditEvent.of(action, AuditOutcome.SUCCESS)
                .actor(user.id(), user.email(), user.role().name())
                .clientAddress(clientAddress);
    }

    private static String truncate(String userAgent) {
        if (userAgent == null) {
            return null;
        }
        return userAgent.length() <= MAX_USER_AGENT ? userAgent : userAgent.substring(0, MAX_USER_AGENT);
    }
}
