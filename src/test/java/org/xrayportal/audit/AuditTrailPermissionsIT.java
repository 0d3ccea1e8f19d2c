package org.xrayportal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.xrayportal.audit.AuditTestEvents.lastSequence;
import static org.xrayportal.audit.AuditTestEvents.view;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.xrayportal.support.RepositoryTest;
import org.xrayportal.support.TestPostgres;

/** DESIGN.md invariant 5, enforced by the database itself: the role the portal connects as cannot rewrite history. */
@RepositoryTest
@Import({JdbcAuditLog.class, AuditTrail.class, AuditIntegrity.class})
// Appends commit as in the portal (the trail is append-only: a rolled-back test transaction would hide them).
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class AuditTrailPermissionsIT {

    /** PostgreSQL's SQLSTATE for "permission denied"; the trigger raises the same code. */
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    @Autowired
    AuditLog auditLog;

    @Autowired
    JdbcClient app;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    TestPostgres.Database testDatabase;

    OwnerAccess owner;
    long sequence;

    @BeforeEach
    void recordOneEvent() {
        owner = new OwnerAccess(testDatabase);
        auditLog.record(view("permissions"));
        sequence = lastSequence(app);
    }

    @Test
    void auditTableWhenConnectedAsTheApplicationThenOwnedByAnotherRole() {
        String appUser = app.sql("SELECT current_user").query(String.class).single();
        String tableOwner = app.sql("SELECT tableowner FROM pg_tables WHERE tablename = 'audit_event'")
                .query(String.class)
                .single();
        assertThat(appUser).isEqualTo(testDatabase.roles().appRole());
        assertThat(tableOwner).isEqualTo(testDatabase.roles().ownerRole());
    }

    @Test
    void updateWhenApplicationRoleThenPermissionDenied() {
        assertThatThrownBy(() -> app.sql("UPDATE audit_event SET actor_name = 'someone else' WHERE sequence = ?")
                        .param(sequence)
                        .update())
                .isInstanceOf(DataAccessException.class)
                .satisfies(e -> assertThat(sqlState(e)).isEqualTo(INSUFFICIENT_PRIVILEGE))
                .rootCause()
                .hasMessageContaining("permission denied");
        assertThat(actorName(sequence)).isEqualTo("pat@example.test");
    }

    @Test
    void deleteWhenApplicationRoleThenPermissionDenied() {
        assertThatThrownBy(() -> app.sql("DELETE FROM audit_event WHERE sequence = ?")
                        .param(sequence)
                        .update())
                .isInstanceOf(DataAccessException.class)
                .satisfies(e -> assertThat(sqlState(e)).isEqualTo(INSUFFICIENT_PRIVILEGE))
                .rootCause()
                .hasMessageContaining("permission denied");
        assertThat(actorName(sequence)).isNotNull();
    }

    @Test
    void truncateWhenApplicationRoleThenPermissionDenied() {
        long before = AuditTestEvents.rowCount(app);
        assertThatThrownBy(() -> app.sql("TRUNCATE audit_event").update())
                .isInstanceOf(DataAccessException.class)
                .satisfies(e -> assertThat(sqlState(e)).isEqualTo(INSUFFICIENT_PRIVILEGE))
                .rootCause()
                .hasMessageContaining("permission denied");
        assertThat(AuditTestEvents.rowCount(app)).isEqualTo(before);
    }

    @Test
    void insertAndSelectWhenApplicationRoleThenAllowed() {
        // Inserted by hand (not chained) and rolled back, so the shared trail stays intact.
        Long seen = transactions.execute(status -> {
            status.setRollbackOnly();
            app.sql("""
                            INSERT INTO audit_event (sequence, occurred_at, action, action_code, outcome, details,
                                previous_hash, hash)
                            VALUES (?, now(), 'VIEW', '110103', 0, '{}', ?, ?)
                            """)
                    .params(sequence + 1_000_000, "0".repeat(64), "1".repeat(64))
                    .update();
            return app.sql("SELECT count(*) FROM audit_event WHERE sequence = ?")
                    .param(sequence + 1_000_000)
                    .query(Long.class)
                    .single();
        });
        assertThat(seen).isEqualTo(1L);
        assertThat(actorName(sequence + 1_000_000)).isNull();
    }

    @Test
    void updateWhenOwnerThenTriggerRefuses() {
        assertThatThrownBy(() -> owner.jdbc()
                        .sql("UPDATE audit_event SET actor_name = 'someone else' WHERE sequence = ?")
                        .param(sequence)
                        .update())
                .isInstanceOf(DataAccessException.class)
                .satisfies(e -> assertThat(sqlState(e)).isEqualTo(INSUFFICIENT_PRIVILEGE))
                .rootCause()
                .hasMessageContaining("audit_event is append-only: UPDATE refused");
        assertThat(actorName(sequence)).isEqualTo("pat@example.test");
    }

    @Test
    void deleteWhenOwnerThenTriggerRefuses() {
        assertThatThrownBy(() -> owner.jdbc()
                        .sql("DELETE FROM audit_event WHERE sequence = ?")
                        .param(sequence)
                        .update())
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("audit_event is append-only: DELETE refused");
        assertThat(actorName(sequence)).isNotNull();
    }

    @Test
    void truncateWhenOwnerThenTriggerRefuses() {
        long before = AuditTestEvents.rowCount(app);
        assertThatThrownBy(() -> owner.jdbc().sql("TRUNCATE audit_event").update())
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("audit_event is append-only: TRUNCATE refused");
        assertThat(AuditTestEvents.rowCount(app)).isEqualTo(before);
    }

    @Test
    void updateWhenOwnerDisablesTriggerThenAllowed() {
        String original = owner.snapshot(sequence);
        try {
            owner.tamper("UPDATE audit_event SET actor_name = 'someone else' WHERE sequence = ?", sequence);
            assertThat(actorName(sequence)).isEqualTo("someone else");
        } finally {
            owner.restore(sequence, original);
        }
        assertThat(actorName(sequence)).isEqualTo("pat@example.test");
        assertThat(triggerEnabled()).isTrue();
    }

    private String actorName(long sequence) {
        return app.sql("SELECT actor_name FROM audit_event WHERE sequence = ?")
                .param(sequence)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private boolean triggerEnabled() {
        return app.sql("SELECT tgenabled <> 'D' FROM pg_trigger WHERE tgname = 'audit_event_no_update_delete'")
                .query(Boolean.class)
                .single();
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
