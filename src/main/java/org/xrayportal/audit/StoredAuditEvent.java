package org.xrayportal.audit;

import java.time.Instant;

/** One row of the audit trail as stored, with its place in the hash chain. */
public record StoredAuditEvent(
        long sequence,
        Instant occurredAt,
        String action,
        String actionCode,
        int outcome,
        Long actorId,
        String actorName,
        String actorRole,
        String clientAddress,
        String patientId,
        String issuerOfPatientId,
        String studyUid,
        String seriesUid,
        String instanceUid,
        String details,
        String previousHash,
        String hash) {

    /** The action as the enum; {@code null} for a name this version does not know. */
    public AuditAction knownAction() {
        for (AuditAction a : AuditAction.values()) {
            if (a.name().equals(action)) {
                return a;
            }
        }
        return null;
    }

    /** The PS3.15 EventID (and EventTypeCode, where there is one) in words, e.g. "User Authentication: Login". */
    public String eventInWords() {
        AuditAction a = knownAction();
        if (a == null) {
            return action;
        }
        return a.typeDisplay() == null ? a.display() : a.display() + ": " + a.typeDisplay();
    }

    public AuditOutcome outcomeValue() {
        return AuditOutcome.of(outcome);
    }
}
