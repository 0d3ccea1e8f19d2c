package org.xrayportal.audit;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.xrayportal.support.TestPostgres;

/**
 * What the schema owner (a database administrator, or an attacker with the owner's password) can do to the audit
 * trail: nothing without first disabling the trigger. Tests use it to tamper and then to put the row back, so the
 * trail of the shared test database stays intact for the next test.
 */
final class OwnerAccess {

    private final JdbcClient owner;
    private final TransactionTemplate transaction;

    OwnerAccess(TestPostgres.Database database) {
        var dataSource = database.asOwner();
        this.owner = JdbcClient.create(dataSource);
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    JdbcClient jdbc() {
        return owner;
    }

    /** Runs one statement with the append-only trigger off, in one transaction so nothing else slips through. */
    void tamper(String sql, Object... params) {
        transaction.executeWithoutResult(status -> {
            owner.sql("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete")
                    .update();
            owner.sql(sql).params(params).update();
            owner.sql("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete")
                    .update();
        });
    }

    /** The row exactly as stored, to put it back later with {@link #restore}. */
    String snapshot(long sequence) {
        return owner.sql("SELECT row_to_json(e)::text FROM audit_event e WHERE sequence = ?")
                .param(sequence)
                .query(String.class)
                .single();
    }

    void restore(long sequence, String snapshot) {
        tamper("DELETE FROM audit_event WHERE sequence = ?", sequence);
        owner.sql("INSERT INTO audit_event SELECT * FROM json_populate_record(NULL::audit_event, ?::json)")
                .param(snapshot)
                .update();
    }
}
