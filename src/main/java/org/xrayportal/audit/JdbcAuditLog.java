package org.xrayportal.audit;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends events under a transaction-scoped PostgreSQL advisory lock, so that every application node sees the same
 * "last row" and the chain stays linear.
 *
 * <p>An event recorded inside the caller's transaction is appended in that transaction (it commits or rolls back with
 * the change it describes). Any other event (a patient viewing a frame, a download starting) is handed to one writer
 * thread per node, which appends every event waiting at that moment in one transaction: one lock, one chain-head
 * read, one multi-row insert and one commit for the whole group (group commit, issue 13/14). The caller waits until
 * that transaction has committed, so nothing is sent before its row is durable, exactly as before; under load the
 * requests share one connection and one WAL flush instead of queueing for the lock with a pooled connection each. If
 * a group cannot be written, each of its events is tried again alone, so one bad event fails only its own request.
 */
@Service
class JdbcAuditLog implements AuditLog, AutoCloseable {

    /** Arbitrary, fixed key of the advisory lock that serialises appends ("AUDIT" in ASCII). */
    static final long CHAIN_LOCK = 0x4155444954L;

    /** Most events appended in one transaction (17 parameters each; PostgreSQL allows 65,535 per statement). */
    static final int MAX_GROUP = 256;

    /**
     * How long a request waits for its group to commit; beyond the database's own connection and socket timeouts
     * (3 s + 8 s), so that it is reached only when the writer is stuck.
     */
    static final Duration MAX_WAIT = Duration.ofSeconds(15);

    private static final Logger log = LoggerFactory.getLogger(JdbcAuditLog.class);

    private static final JsonMapper CANONICAL_JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private static final String COLUMNS =
            "INSERT INTO audit_event (sequence, occurred_at, action, action_code, outcome,"
                    + " actor_id, actor_name, actor_role, client_address, patient_id, issuer_of_patient_id, study_uid,"
                    + " series_uid, instance_uid, details, previous_hash, hash) VALUES ";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** An event waiting for the writer, and the request waiting for its commit. */
    private record Pending(AuditEvent event, String details, CompletableFuture<Void> committed) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
    private final Duration maxWait;
    private final Thread writer;
    private volatile boolean open = true;

    @Autowired
    JdbcAuditLog(JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
        this(jdbc, transactions, clock, MAX_WAIT);
    }

    /** With a shorter wait than {@link #MAX_WAIT}, for tests of a request that gives up. */
    JdbcAuditLog(JdbcClient jdbc, TransactionTemplate transactions, Clock clock, Duration maxWait) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.maxWait = maxWait;
        this.writer = Thread.ofPlatform().name("audit-writer").daemon().start(this::writeGroups);
    }

    @Override
    public void record(AuditEvent event) {
        String details = CANONICAL_JSON.writeValueAsString(event.details());
        long start = System.nanoTime();
        try {
            if (!open || !writer.isAlive() || TransactionSynchronizationManager.isActualTransactionActive()) {
                // In the caller's transaction (or while the node shuts down): appended here and now.
                transactions.executeWithoutResult(status -> append(List.of(new Pending(event, details, null))));
            } else {
                Pending pending = new Pending(event, details, new CompletableFuture<>());
                waiting.add(pending);
                if (!open && waiting.remove(pending)) {
                    // The writer may have drained its queue and stopped just before this event arrived.
                    transactions.executeWithoutResult(status -> append(List.of(pending)));
                } else {
                    try {
                        pending.committed().get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (TimeoutException | InterruptedException e) {
                        // Given up: the writer skips it if it has not started its group yet.
                        pending.committed().cancel(false);
                        throw e;
                    }
                }
            }
            writes("success").record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        } catch (DataAccessException | IllegalStateException | ExecutionException | TimeoutException e) {
            writes("failure").record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            throw new AuditUnavailableException(
                    "The audit trail could not be written", e instanceof ExecutionException ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writes("failure").record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            throw new AuditUnavailableException("Interrupted while the audit trail was written", e);
        }
    }

    /** {@code portal.audit.writes}: appends to the audit trail; a failure means a request failed closed. */
    private Timer writes(String outcome) {
        return Timer.builder("portal.audit.writes")
                .description("Appends to the audit trail")
                .tag("outcome", outcome)
                .register(Metrics.globalRegistry);
    }

    /** The writer thread: takes every event waiting, appends them in one transaction, then wakes their requests. */
    private void writeGroups() {
        List<Pending> group = new ArrayList<>(MAX_GROUP);
        while (open || !waiting.isEmpty()) {
            try {
                Pending first = waiting.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                waiting.drainTo(group, MAX_GROUP - 1);
                // Requests that gave up waiting (and failed closed) are not recorded as if they had been served.
                group.removeIf(p -> p.committed().isDone());
                if (!group.isEmpty()) {
                    write(group);
                }
            } catch (InterruptedException e) {
                // Only close() stops the writer; an interrupt from elsewhere does not.
                log.warn("Audit writer interrupted; it keeps running until the node shuts down");
            } catch (Throwable e) {
                // Never let the one writer die: fail this group's requests (closed) and go on with the next.
                log.error("Audit writer failed on a group of {} events", group.size(), e);
                group.forEach(p -> p.committed().completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
    }

    private void write(List<Pending> group) {
        try {
            transactions.executeWithoutResult(status -> append(group));
            group.forEach(p -> p.committed().complete(null));
        } catch (RuntimeException groupFailure) {
            if (group.size() == 1 || !(groupFailure instanceof DataIntegrityViolationException)) {
                // An outage or a commit whose outcome is unknown: never retried here (a group that did commit would be
                // written twice); the requests fail closed.
                group.forEach(p -> p.committed().completeExceptionally(groupFailure));
                return;
            }
            // One event the database refuses (a value too long for its column) must not fail the others' requests.
            for (Pending pending : group) {
                try {
                    transactions.executeWithoutResult(status -> append(List.of(pending)));
                    pending.committed().complete(null);
                } catch (RuntimeException e) {
                    pending.committed().completeExceptionally(e);
                }
            }
        }
    }

    /** Stops taking events for the writer; what is waiting is still written, later events are appended directly. */
    @Override
    @PreDestroy
    public void close() {
        open = false;
        try {
            writer.join(maxWait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Appends the events in order, after the chain's last row, in the current transaction. */
    private void append(List<Pending> group) {
        jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(CHAIN_LOCK).query().singleRow();
        var last = jdbc.sql("SELECT sequence, hash FROM audit_event ORDER BY sequence DESC LIMIT 1")
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)})
                .optional();
        long sequence = last.map(row -> (Long) row[0]).orElse(0L);
        String previousHash = last.map(row -> (String) row[1]).orElse(AuditHashing.GENESIS);
        // PostgreSQL keeps microseconds; hash exactly what will be read back.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<Object> params = new ArrayList<>(group.size() * 17);
        StringBuilder sql = new StringBuilder(COLUMNS);
        for (Pending pending : group) {
            AuditEvent event = pending.event();
            sequence++;
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
                    pending.details(),
                    previousHash,
                    null);
            String hash = AuditHashing.hash(unsigned);
            sql.append(params.isEmpty() ? ROW : ", " + ROW);
            params.addAll(Arrays.asList(
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
                    pending.details(),
                    previousHash,
                    hash));
            previousHash = hash;
        }
        jdbc.sql(sql.toString()).params(params).update();
    }
}
