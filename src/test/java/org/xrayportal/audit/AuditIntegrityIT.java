package org.xrayportal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.xrayportal.audit.AuditTestEvents.lastSequence;
import static org.xrayportal.audit.AuditTestEvents.view;

import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.xrayportal.audit.AuditIntegrity.Break;
import org.xrayportal.audit.AuditIntegrity.Problem;
import org.xrayportal.support.RepositoryTest;
import org.xrayportal.support.TestPostgres;

/**
 * The chain catches what the owner can still do after disabling the trigger. Each test tampers with rows it wrote
 * itself and puts them back afterwards, so the shared trail verifies again for the next test.
 */
@RepositoryTest
@Import({JdbcAuditLog.class, AuditTrail.class, AuditIntegrity.class})
// Appends commit as in the portal (the trail is append-only: a rolled-back test transaction would hide them).
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class AuditIntegrityIT {

    @Autowired
    AuditLog auditLog;

    @Autowired
    AuditIntegrity integrity;

    @Autowired
    JdbcClient app;

    @Autowired
    TestPostgres.Database testDatabase;

    OwnerAccess owner;
    long first;
    long last;

    @BeforeEach
    void recordFiveEvents() {
        owner = new OwnerAccess(testDatabase);
        for (int i = 0; i < 5; i++) {
            auditLog.record(view("integrity-" + i));
        }
        last = lastSequence(app);
        first = last - 4;
    }

    @Test
    void verifyAllWhenUntouchedThenIntactAndEveryRowChecked() {
        var result = integrity.verifyAll();

        assertThat(result.firstBreak()).isEmpty();
        assertThat(result.intact()).isTrue();
        assertThat(result.rowsChecked())
                .isEqualTo(AuditTestEvents.rowCount(app))
                .isGreaterThanOrEqualTo(5);
        assertThat(result.lastSequence()).isEqualTo(last);
    }

    @Test
    void verifyWhenRangeStartsAfterFirstRowThenLinksToThePreviousRowsHash() {
        var result = integrity.verify(first + 1, last - 1);

        assertThat(result.firstBreak()).isEmpty();
        assertThat(result.rowsChecked()).isEqualTo(3);
        assertThat(result.lastSequence()).isEqualTo(last - 1);
    }

    @Test
    void verifyWhenRangeEndsBeyondLastRowThenOnlyExistingRowsChecked() {
        var result = integrity.verify(first, last + 100);

        assertThat(result.firstBreak()).isEmpty();
        assertThat(result.rowsChecked()).isEqualTo(5);
        assertThat(result.lastSequence()).isEqualTo(last);
    }

    @Test
    void verifyWhenFieldChangedThenHashMismatchAtThatRow() {
        long tampered = first + 2;
        String original = owner.snapshot(tampered);
        try {
            owner.tamper("UPDATE audit_event SET patient_id = 'PID-someone-else' WHERE sequence = ?", tampered);

            var all = integrity.verifyAll();
            assertThat(all.firstBreak()).contains(new Break(tampered, Problem.HASH_MISMATCH));
            assertThat(all.rowsChecked()).isEqualTo(tampered);
            // A range that begins at the tampered row finds it too; one that ends before it does not.
            assertThat(integrity.verify(tampered, last).firstBreak())
                    .contains(new Break(tampered, Problem.HASH_MISMATCH));
            assertThat(integrity.verify(first, tampered - 1).firstBreak()).isEmpty();
        } finally {
            owner.restore(tampered, original);
        }
        assertThat(integrity.verifyAll().intact()).isTrue();
    }

    @Test
    void verifyWhenDetailsChangedThenHashMismatchAtThatRow() {
        long tampered = first + 1;
        String original = owner.snapshot(tampered);
        try {
            owner.tamper(
                    "UPDATE audit_event SET details = replace(details, 'integrity', 'forged') WHERE sequence = ?",
                    tampered);

            assertThat(integrity.verifyAll().firstBreak()).contains(new Break(tampered, Problem.HASH_MISMATCH));
        } finally {
            owner.restore(tampered, original);
        }
    }

    @Test
    void verifyWhenRowDeletedThenMissingSequenceAtThatRow() {
        long deleted = first + 3;
        String original = owner.snapshot(deleted);
        try {
            owner.tamper("DELETE FROM audit_event WHERE sequence = ?", deleted);

            var all = integrity.verifyAll();
            assertThat(all.firstBreak()).contains(new Break(deleted, Problem.MISSING_SEQUENCE));
            assertThat(all.rowsChecked()).isEqualTo(deleted - 1);
            // A range starting just after the hole cannot be linked to its predecessor.
            assertThat(integrity.verify(deleted + 1, last).firstBreak())
                    .contains(new Break(deleted, Problem.MISSING_SEQUENCE));
        } finally {
            owner.restore(deleted, original);
        }
        assertThat(integrity.verifyAll().intact()).isTrue();
    }

    @Test
    void verifyWhenRowForgedWithRecomputedHashThenBrokenLinkAtTheNextRow() {
        long forged = first + 1;
        String original = owner.snapshot(forged);
        try {
            // A careful forger recomputes the row's own hash; the next row still names the old one.
            owner.tamper("UPDATE audit_event SET outcome = 8, hash = repeat('a', 64) WHERE sequence = ?", forged);
            StoredAuditEvent changed = owner.jdbc()
                    .sql("SELECT * FROM audit_event WHERE sequence = ?")
                    .param(forged)
                    .query((rs, n) -> AuditIntegrity.read(rs))
                    .single();
            owner.tamper("UPDATE audit_event SET hash = ? WHERE sequence = ?", AuditHashing.hash(changed), forged);

            assertThat(integrity.verifyAll().firstBreak()).contains(new Break(forged + 1, Problem.BROKEN_LINK));
            assertThat(integrity.verify(forged, forged).firstBreak()).isEmpty();
        } finally {
            owner.restore(forged, original);
        }
        assertThat(integrity.verifyAll().intact()).isTrue();
    }

    @Test
    void verifyWhenRangeIsInvertedOrStartsBelowOneThenRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> integrity.verify(0, 5));
        assertThatIllegalArgumentException().isThrownBy(() -> integrity.verify(5, 4));
    }

    @Test
    void verifyWhenRangeIsEmptyThenNothingCheckedAndIntact() {
        var result = integrity.verify(last + 1, last + 10);

        assertThat(result.rowsChecked()).isZero();
        assertThat(result.firstBreak()).isEqualTo(Optional.empty());
    }
}
