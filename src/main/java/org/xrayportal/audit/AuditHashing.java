package org.xrayportal.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/** The one definition of what a row's hash covers, shared by writing and verifying. */
final class AuditHashing {

    /** The previous hash of the first row. */
    static final String GENESIS = "0".repeat(64);

    private AuditHashing() {}

    static String hash(StoredAuditEvent row) {
        StringBuilder text =
                new StringBuilder(512).append(row.previousHash()).append('\n').append(row.sequence());
        for (Object field : new Object[] {
            row.occurredAt(),
            row.action(),
            row.actionCode(),
            row.outcome(),
            row.actorId(),
            row.actorName(),
            row.actorRole(),
            row.clientAddress(),
            row.patientId(),
            row.issuerOfPatientId(),
            row.studyUid(),
            row.seriesUid(),
            row.instanceUid(),
            row.details()
        }) {
            // Length-prefixed so that no two different rows can produce the same text.
            String value = field == null ? "" : field instanceof Instant i ? i.toString() : field.toString();
            text.append('\n')
                    .append(field == null ? -1 : value.length())
                    .append(':')
                    .append(value);
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
