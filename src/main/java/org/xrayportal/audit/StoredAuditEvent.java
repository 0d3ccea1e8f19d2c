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
        String hash) {}
