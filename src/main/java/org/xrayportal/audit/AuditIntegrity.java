package org.xrayportal.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Proves the audit trail is intact: recomputes every row's hash with {@link AuditHashing}, checks that each row names
 * its predecessor's hash and that no sequence number is missing. Rows are streamed with a cursor, so the whole trail
 * is never held in memory, and read in one repeatable-read snapshot, so appends during the check cannot confuse it.
 *
 * <p>What a chain cannot prove: rows removed from the very end leave no gap behind them. Compare {@link
 * Result#lastSequence()} with a previously recorded value (an exported or printed checkpoint) to catch that.
 */
@Service
class AuditIntegrity {

    /** Rows fetched per round trip; bounds the memory a check needs. */
    static final int FETCH_SIZE = 500;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnlySnapshot;

    AuditIntegrity(DataSource dataSource, PlatformTransactionManager transactionManager) {
        this.jdbc = new JdbcTemplate(dataSource);
        // PostgreSQL streams only inside a transaction; otherwise the driver reads the whole result at once.
        this.jdbc.setFetchSize(FETCH_SIZE);
        this.readOnlySnapshot = new TransactionTemplate(transactionManager);
        readOnlySnapshot.setReadOnly(true);
        readOnlySnapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        readOnlySnapshot.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** What is wrong at the first row that fails the check. */
    public enum Problem {
        /** The row's content does not produce its stored hash: a field was changed. */
        HASH_MISMATCH,
        /** The row's previous hash is not the hash of the row before it: a row was replaced or re-hashed. */
        BROKEN_LINK,
        /** No row has this sequence number although a later one exists: a row was deleted. */
        MISSING_SEQUENCE
    }

    /** The first place the chain breaks. */
    public record Break(long sequence, Problem problem) {}

    /**
     * The outcome of a check.
     *
     * @param rowsChecked rows whose hash was recomputed, up to and including the broken one
     * @param lastSequence the last sequence looked at (the broken one if there is a break), or {@code fromSequence - 1}
     *     when there was nothing to check
     * @param firstBreak the first broken row, empty when the checked range is intact
     */
    public record Result(long rowsChecked, long lastSequence, Optional<Break> firstBreak) {

        public boolean intact() {
            return firstBreak.isEmpty();
        }
    }

    /** Checks the whole trail. */
    public Result verifyAll() {
        return verify(1, Long.MAX_VALUE);
    }

    /**
     * Checks the rows from {@code fromSequence} to {@code toSequence}, both included. A range that starts after the
     * first row is linked to the stored hash of the row just before it; when that row is missing, the check reports
     * it as the break. Sequence numbers after the last stored row are not yet written, so they are not missing.
     */
    public Result verify(long fromSequence, long toSequence) {
        if (fromSequence < 1 || toSequence < fromSequence) {
            throw new IllegalArgumentException(
                    "Expected 1 <= fromSequence <= toSequence, got " + fromSequence + ".." + toSequence);
        }
        return readOnlySnapshot.execute(status -> check(fromSequence, toSequence));
    }

    private Result check(long from, long to) {
        String anchor;
        if (from == 1) {
            anchor = AuditHashing.GENESIS;
        } else {
            Optional<String> before =
                    jdbc
                            .queryForList("SELECT hash FROM audit_event WHERE sequence = ?", String.class, from - 1)
                            .stream()
                            .findFirst();
            if (before.isEmpty()) {
                return new Result(0, from - 1, Optional.of(new Break(from - 1, Problem.MISSING_SEQUENCE)));
            }
            anchor = before.get();
        }
        String expectedPrevious = anchor;
        return jdbc.query("""
                SELECT sequence, occurred_at, action, action_code, outcome, actor_id, actor_name, actor_role,
                    client_address, patient_id, issuer_of_patient_id, study_uid, series_uid, instance_uid, details,
                    previous_hash, hash
                FROM audit_event WHERE sequence BETWEEN ? AND ? ORDER BY sequence
                """, (ResultSetExtractor<Result>) rs -> walk(rs, from, expectedPrevious), from, to);
    }

    private static Result walk(ResultSet rs, long from, String anchor) throws SQLException {
        long expectedSequence = from;
        String expectedPrevious = anchor;
        long checked = 0;
        while (rs.next()) {
            StoredAuditEvent row = read(rs);
            if (row.sequence() != expectedSequence) {
                return broken(checked, expectedSequence, Problem.MISSING_SEQUENCE);
            }
            checked++;
            if (!row.previousHash().equals(expectedPrevious)) {
                return broken(checked, row.sequence(), Problem.BROKEN_LINK);
            }
            if (!AuditHashing.hash(row).equals(row.hash())) {
                return broken(checked, row.sequence(), Problem.HASH_MISMATCH);
            }
            expectedPrevious = row.hash();
            expectedSequence++;
        }
        return new Result(checked, expectedSequence - 1, Optional.empty());
    }

    private static Result broken(long checked, long sequence, Problem problem) {
        return new Result(checked, sequence, Optional.of(new Break(sequence, problem)));
    }

    /** Maps a full audit_event row; also the tests' way to read rows exactly as the check sees them. */
    static StoredAuditEvent read(ResultSet rs) throws SQLException {
        return new StoredAuditEvent(
                rs.getLong("sequence"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getString("action"),
                rs.getString("action_code"),
                rs.getInt("outcome"),
                rs.getObject("actor_id", Long.class),
                rs.getString("actor_name"),
                rs.getString("actor_role"),
                rs.getString("client_address"),
                rs.getString("patient_id"),
                rs.getString("issuer_of_patient_id"),
                rs.getString("study_uid"),
                rs.getString("series_uid"),
                rs.getString("instance_uid"),
                rs.getString("details"),
                rs.getString("previous_hash"),
                rs.getString("hash"));
    }
}
