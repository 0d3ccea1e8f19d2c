package org.xrayportal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.xrayportal.audit.AuditTestEvents.lastSequence;
import static org.xrayportal.audit.AuditTestEvents.rowCount;
import static org.xrayportal.audit.AuditTestEvents.view;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.xrayportal.support.RepositoryTest;
import org.xrayportal.support.TestPostgres;

/** The one write path of the audit trail: what it stores, that it stays linear under load, and that it fails closed. */
@RepositoryTest
@Import({JdbcAuditLog.class, AuditTrail.class, AuditIntegrity.class})
// Appends commit as in the portal (the trail is append-only: a rolled-back test transaction would hide them).
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class JdbcAuditLogIT {

    @Autowired
    AuditLog auditLog;

    @Autowired
    AuditIntegrity integrity;

    @Autowired
    JdbcClient app;

    @Autowired
    TestPostgres.Database testDatabase;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void recordWhenEventHasAllFieldsThenStoresThemChainedToThePreviousRow() {
        long before = lastSequence(app);
        Instant start = Instant.now().minusSeconds(1);

        auditLog.record(view("fields"));

        long sequence = lastSequence(app);
        assertThat(sequence).isEqualTo(before + 1);
        var row = app.sql("SELECT * FROM audit_event WHERE sequence = ?")
                .param(sequence)
                .query((rs, n) -> AuditIntegrity.read(rs))
                .single();
        assertThat(row.action()).isEqualTo("VIEW");
        assertThat(row.actionCode()).isEqualTo("110103");
        assertThat(row.outcome()).isZero();
        assertThat(row.actorId()).isEqualTo(42L);
        assertThat(row.actorName()).isEqualTo("pat@example.test");
        assertThat(row.actorRole()).isEqualTo("PATIENT");
        assertThat(row.clientAddress()).isEqualTo("192.0.2.10");
        assertThat(row.patientId()).isEqualTo("PID-fields");
        assertThat(row.issuerOfPatientId()).isEqualTo("ISSUER");
        assertThat(row.studyUid()).isEqualTo("1.2.826.0.1.3680043.2.1125.1.6");
        assertThat(row.seriesUid()).isEqualTo("1.2.826.0.1.3680043.2.1125.2");
        assertThat(row.instanceUid()).isEqualTo("1.2.826.0.1.3680043.2.1125.3");
        // Keys sorted, so the hashed text does not depend on map order.
        assertThat(row.details()).isEqualTo("{\"frame\":1,\"marker\":\"fields\"}");
        assertThat(row.occurredAt()).isBetween(start, Instant.now().plusSeconds(1));
        assertThat(row.hash()).matches("[0-9a-f]{64}").isEqualTo(AuditHashing.hash(row));
        String previousHash = before == 0
                ? AuditHashing.GENESIS
                : app.sql("SELECT hash FROM audit_event WHERE sequence = ?")
                        .param(before)
                        .query(String.class)
                        .single();
        assertThat(row.previousHash()).isEqualTo(previousHash);
    }

    @Test
    void recordWhenStoredThenTimeIsUtc() {
        auditLog.record(view("utc"));

        OffsetDateTime stored = app.sql("SELECT occurred_at AT TIME ZONE 'UTC' FROM audit_event WHERE sequence = ?")
                .param(lastSequence(app))
                .query((rs, n) -> rs.getObject(1, java.time.LocalDateTime.class).atOffset(java.time.ZoneOffset.UTC))
                .single();
        assertThat(Duration.between(stored.toInstant(), Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void recordWhenManyThreadsOnTwoNodesThenChainIsGaplessAndVerifies() throws Exception {
        long rowsBefore = rowCount(app);
        long lastBefore = lastSequence(app);
        // A second "application node": its own pool and its own JdbcAuditLog, sharing only the database.
        try (HikariDataSource secondNodePool = new HikariDataSource()) {
            secondNodePool.setDataSource(testDatabase.asApplication());
            secondNodePool.setMaximumPoolSize(4);
            secondNodePool.setPoolName("second-node");
            AuditLog secondNode = new JdbcAuditLog(
                    JdbcClient.create(secondNodePool),
                    new TransactionTemplate(new DataSourceTransactionManager(secondNodePool)),
                    Clock.systemUTC());

            int beanThreads = 8;
            int secondNodeThreads = 4;
            int threads = beanThreads + secondNodeThreads;
            int recordsPerThread = 25;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                AuditLog node = t < beanThreads ? auditLog : secondNode;
                String marker = (t < beanThreads ? "bean" : "second-node") + "-thread" + t;
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < recordsPerThread; i++) {
                        node.record(view(marker + "-" + i));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> writer : writers) {
                writer.get(2, TimeUnit.MINUTES);
            }
            pool.shutdown();

            long written = (long) threads * recordsPerThread;
            assertThat(rowCount(app)).isEqualTo(rowsBefore + written);
            assertThat(lastSequence(app)).isEqualTo(lastBefore + written);
            // Gapless: as many rows as the highest sequence number.
            assertThat(rowCount(app)).isEqualTo(lastSequence(app));
            var result = integrity.verifyAll();
            assertThat(result.firstBreak()).isEmpty();
            assertThat(result.rowsChecked()).isEqualTo(rowCount(app));
        }
    }

    @Test
    void recordWhenAFieldIsTooLongForItsColumnThenAuditUnavailableAndNothingWritten() {
        long before = lastSequence(app);
        AuditEvent tooLong = AuditEvent.of(AuditAction.VIEW, AuditOutcome.SUCCESS)
                .clientAddress("x".repeat(65))
                .build();

        assertThatThrownBy(() -> auditLog.record(tooLong)).isInstanceOf(AuditUnavailableException.class);

        assertThat(lastSequence(app)).isEqualTo(before);
        auditLog.record(view("after-too-long"));
        assertThat(integrity.verifyAll().intact()).isTrue();
    }

    @Test
    void recordWhenInsertPrivilegeRevokedThenAuditUnavailableAndNothingWritten() {
        OwnerAccess owner = new OwnerAccess(testDatabase);
        String appRole = testDatabase.roles().appRole();
        long before = lastSequence(app);
        owner.jdbc().sql("REVOKE INSERT ON audit_event FROM " + appRole).update();
        try {
            assertThatThrownBy(() -> auditLog.record(view("revoked")))
                    .isInstanceOf(AuditUnavailableException.class)
                    .hasMessage("The audit trail could not be written");
        } finally {
            owner.jdbc().sql("GRANT INSERT ON audit_event TO " + appRole).update();
        }
        assertThat(lastSequence(app)).isEqualTo(before);
        auditLog.record(view("granted-again"));
        assertThat(lastSequence(app)).isEqualTo(before + 1);
    }

    @Test
    void recordWhenManyRequestsWaitForTheChainThenTheyCommitTogetherInOneTransaction() throws Exception {
        long before = lastSequence(app);
        int requests = 40;
        List<Future<?>> recorded = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        // Another node holds the chain's lock: the writer's first group waits for it, the rest queue up behind.
        try (HikariDataSource otherNode = new HikariDataSource()) {
            otherNode.setDataSource(testDatabase.asApplication());
            otherNode.setMaximumPoolSize(1);
            try (var connection = otherNode.getConnection();
                    var lock = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
                lock.setLong(1, JdbcAuditLog.CHAIN_LOCK);
                lock.execute();
                for (int i = 0; i < requests; i++) {
                    String marker = "group-" + i;
                    recorded.add(pool.submit(() -> auditLog.record(view(marker))));
                }
                Thread.sleep(500);
                assertThat(lastSequence(app)).isEqualTo(before);
                try (var unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    unlock.setLong(1, JdbcAuditLog.CHAIN_LOCK);
                    unlock.execute();
                }
            }
            for (Future<?> request : recorded) {
                request.get(1, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdown();
        }

        assertThat(lastSequence(app)).isEqualTo(before + requests);
        // xmin: the transaction that inserted the row. The first request's group, then everyone who queued behind.
        Long transactions = app.sql("SELECT count(DISTINCT xmin::text) FROM audit_event WHERE sequence > ?")
                .param(before)
                .query(Long.class)
                .single();
        assertThat(transactions).isEqualTo(2L);
        assertThat(integrity.verifyAll().intact()).isTrue();
    }

    @Test
    void recordWhenOneEventOfAGroupIsRefusedThenOnlyItsRequestFails() throws Exception {
        long before = lastSequence(app);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> good = new ArrayList<>();
        Future<?> bad;
        try (HikariDataSource otherNode = new HikariDataSource()) {
            otherNode.setDataSource(testDatabase.asApplication());
            otherNode.setMaximumPoolSize(1);
            try (var connection = otherNode.getConnection();
                    var lock = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
                lock.setLong(1, JdbcAuditLog.CHAIN_LOCK);
                lock.execute();
                // The first event occupies the writer (waiting for the lock); the next six form one group.
                good.add(pool.submit(() -> auditLog.record(view("before-group"))));
                Thread.sleep(200);
                for (int i = 0; i < 3; i++) {
                    String marker = "good-" + i;
                    good.add(pool.submit(() -> auditLog.record(view(marker))));
                }
                bad = pool.submit(() -> auditLog.record(AuditEvent.of(AuditAction.VIEW, AuditOutcome.SUCCESS)
                        .clientAddress("x".repeat(65))
                        .build()));
                for (int i = 3; i < 5; i++) {
                    String marker = "good-" + i;
                    good.add(pool.submit(() -> auditLog.record(view(marker))));
                }
                Thread.sleep(300);
                try (var unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    unlock.setLong(1, JdbcAuditLog.CHAIN_LOCK);
                    unlock.execute();
                }
            }
            for (Future<?> request : good) {
                request.get(1, TimeUnit.MINUTES);
            }
            assertThatThrownBy(() -> bad.get(1, TimeUnit.MINUTES)).hasCauseInstanceOf(AuditUnavailableException.class);
        } finally {
            pool.shutdown();
        }

        assertThat(lastSequence(app)).isEqualTo(before + 6);
        assertThat(rowCount(app)).isEqualTo(lastSequence(app));
        assertThat(integrity.verifyAll().intact()).isTrue();
    }

    @Test
    void recordWhenTheRequestGaveUpWaitingThenTheWriterDoesNotWriteItsEventLater() throws Exception {
        long before = lastSequence(app);
        Duration maxWait = Duration.ofSeconds(1);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (HikariDataSource nodePool = new HikariDataSource();
                HikariDataSource otherNode = new HikariDataSource()) {
            nodePool.setDataSource(testDatabase.asApplication());
            nodePool.setMaximumPoolSize(2);
            otherNode.setDataSource(testDatabase.asApplication());
            otherNode.setMaximumPoolSize(1);
            // A node whose requests wait 1 s for their row instead of 15 s.
            JdbcAuditLog impatient = new JdbcAuditLog(
                    JdbcClient.create(nodePool),
                    new TransactionTemplate(new DataSourceTransactionManager(nodePool)),
                    Clock.systemUTC(),
                    maxWait);
            try (var connection = otherNode.getConnection();
                    var lock = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
                lock.setLong(1, JdbcAuditLog.CHAIN_LOCK);
                lock.execute();
                // The first event occupies the writer, which waits for the lock another node holds.
                Future<?> inGroup = pool.submit(() -> impatient.record(view("gave-up-in-group")));
                awaitWriterWaitingForTheChainLock();
                // These two queue behind it; their requests give up after maxWait and fail closed.
                Future<?> queued1 = pool.submit(() -> impatient.record(view("gave-up-queued-1")));
                Future<?> queued2 = pool.submit(() -> impatient.record(view("gave-up-queued-2")));
                for (Future<?> request : List.of(inGroup, queued1, queued2)) {
                    assertThatThrownBy(() -> request.get(1, TimeUnit.MINUTES))
                            .cause()
                            .isInstanceOf(AuditUnavailableException.class)
                            .hasMessage("The audit trail could not be written")
                            .hasRootCauseInstanceOf(TimeoutException.class);
                }
                assertThat(lastSequence(app)).isEqualTo(before);
                try (var unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    unlock.setLong(1, JdbcAuditLog.CHAIN_LOCK);
                    unlock.execute();
                }
            }
            // The writer finishes the group it had begun, then takes the two queued events and skips them.
            awaitLastSequence(before + 1);
            impatient.record(view("after-the-outage"));
            impatient.close();

            // The group already under way when its request gave up is written (it cannot be taken back once begun);
            // the two events still queued are not, and the next event follows the first without a gap.
            assertThat(app.sql("SELECT patient_id FROM audit_event WHERE sequence > ? ORDER BY sequence")
                            .param(before)
                            .query(String.class)
                            .list())
                    .containsExactly("PID-gave-up-in-group", "PID-after-the-outage");
            assertThat(rowCount(app)).isEqualTo(lastSequence(app));
            assertThat(integrity.verifyAll().intact()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    /** Until a transaction waits for the chain's advisory lock (the writer, blocked behind the other node). */
    private void awaitWriterWaitingForTheChainLock() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (app.sql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
                        .query(Long.class)
                        .single()
                == 0) {
            assertThat(System.nanoTime()).as("writer waiting for the lock").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private void awaitLastSequence(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (lastSequence(app) < expected) {
            assertThat(System.nanoTime())
                    .as("sequence " + expected + " written")
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void recordWhenCallerHasATransactionThenTheEventRollsBackWithIt() {
        long before = lastSequence(app);
        TransactionTemplate callers = new TransactionTemplate(transactionManager);

        callers.executeWithoutResult(status -> {
            auditLog.record(view("rolled-back"));
            status.setRollbackOnly();
        });

        assertThat(lastSequence(app)).isEqualTo(before);
    }
}
