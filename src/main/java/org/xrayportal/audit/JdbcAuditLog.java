package org.xrayportal.audit;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends events under a transaction-scoped PostgreSQL advisory lock, so that every application node sees the same
 * "last row" and the chain stays linear. The lock is held only for one read and one insert.
 */
@Service
class JdbcAuditLog implements AuditLog {

    /** Arbitrary, fixed key of the advisory lock that serialises appends ("AUDIT" in ASCII). */
    static final long CHAIN_LOCK = 0x4155444954L;

    private static final JsonMapper CANONICAL_JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    JdbcAuditLog(JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public void record(AuditEvent event) {
        String details = CANONICAL_JSON.writeValueAsString(event.details());
        long start = System.nanoTime();
        try {
            transactions.executeWithoutResult(status -> append(event, details));
            writes("success").record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        } catch (DataAccessException | IllegalStateException e) {
            writes("failure").record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            throw new AuditUnavailableException("The audit trail could not be written", e);
        }
    }

    /** {@code portal.audit.writes}: appends to the audit trail; a failure means a request failed closed. */
    private Timer writes(String outcome) {
        return Timer.builder("portal.audit.writes")
                .description("Appends to the audit trail")
                .tag("outcome", outcome)
                .register(Metrics.globalRegistry);
    }

    private void append(AuditEvent event, String details) {
        jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(CHAIN_LOCK).query().singleRow();
        var last = jdbc.sql("SELECT sequence, hash FROM audit_event ORDER BY sequence DESC LIMIT 1")
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)})
                .optional();
        long sequence = last.map(row -> (Long) row[0] + 1).orElse(1L);
        String previousHash = last.map(row -> (String) row[1]).orElse(AuditHashing.GENESIS);
        // PostgreSQL keeps microseconds; hash exactly what will be read back.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        StoredAuditEvent unsigned = new StoredAuditEvent(
                sequence,
                now,
                event.action().name(),
                event.action().code(),
                event.outcome().indicator(),
                event.actorId(),
                event.actorName(),
                event.actorRole(),
                event.clientAddress(),
                event.patientId(),
                event.issuerOfPatientId(),
                event.studyUid(),
                event.seriesUid(),
                event.instanceUid(),
                details,
                previousHash,
                null);
        String hash = AuditHashing.hash(unsigned);
        jdbc.sql("""
                        INSERT INTO audit_event (sequence, occurred_at, action, action_code, outcome, actor_id,
                            actor_name, actor_role, client_address, patient_id, issuer_of_patient_id, study_uid,
                            series_uid, instance_uid, details, previous_hash, hash)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        sequence,
                        Timestamp.from(now),
                        unsigned.action(),
                        unsigned.actionCode(),
                        unsigned.outcome(),
                        unsigned.actorId(),
                        unsigned.actorName(),
                        unsigned.actorRole(),
                        unsigned.clientAddress(),
                        unsigned.patientId(),
                        unsigned.issuerOfPatientId(),
                        unsigned.studyUid(),
                        unsigned.seriesUid(),
                        unsigned.instanceUid(),
                        details,
                        previousHash,
                        hash)
                .update();
    }
}
