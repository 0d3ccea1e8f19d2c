package org.xrayportal.access;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class AccessRequests {

    private static final String COLUMNS = "id, account_id, scope, study_uid, date_from, date_to, message,"
            + " preferred_format, status, submitted_at, due_at, extended_at, extended_by, extension_reason, decided_at,"
            + " decided_by, decision_reason, withdrawn_at";

    private final JdbcClient jdbc;

    AccessRequests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(AccessRequest r) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO access_request (account_id, scope, study_uid, date_from, date_to, message,
                            preferred_format, status, submitted_at, due_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        r.accountId(),
                        r.scope().kind().name(),
                        r.scope().studyUid(),
                        date(r.scope().from()),
                        date(r.scope().to()),
                        r.message(),
                        r.preferredFormat().name(),
                        r.status().name(),
                        Timestamp.from(r.submittedAt()),
                        Timestamp.from(r.dueAt()))
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    Optional<AccessRequest> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM access_request WHERE id = ?")
                .param(id)
                .query(AccessRequests::map)
                .optional();
    }

    List<AccessRequest> ofAccount(long accountId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM access_request WHERE account_id = ? ORDER BY submitted_at DESC")
                .param(accountId)
                .query(AccessRequests::map)
                .list();
    }

    /** The patient's pending request for exactly this scope, if any (at most one: V65's unique index). */
    Optional<AccessRequest> pendingFor(long accountId, AccessScope scope) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM access_request WHERE account_id = ? AND status = 'SUBMITTED'"
                        + " AND scope = ? AND study_uid IS NOT DISTINCT FROM ?"
                        + " AND date_from IS NOT DISTINCT FROM ? AND date_to IS NOT DISTINCT FROM ?")
                .params(accountId, scope.kind().name(), scope.studyUid(), date(scope.from()), date(scope.to()))
                .query(AccessRequests::map)
                .optional();
    }

    /** Oldest first: the queue is worked by age. {@code status} null means every status. */
    List<AccessRequest> queue(AccessRequest.Status status, int offset, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM access_request WHERE (CAST(? AS VARCHAR) IS NULL OR status = ?)"
                        + " ORDER BY submitted_at, id OFFSET ? LIMIT ?")
                .params(name(status), name(status), offset, limit)
                .query(AccessRequests::map)
                .list();
    }

    long count(AccessRequest.Status status) {
        return jdbc.sql("SELECT count(*) FROM access_request WHERE (CAST(? AS VARCHAR) IS NULL OR status = ?)")
                .params(name(status), name(status))
                .query(Long.class)
                .single();
    }

    /**
     * Saves a state change only if the request is still in the state it was read in, so two staff members deciding
     * at once cannot both succeed.
     *
     * @return false when someone else changed the request first
     */
    boolean update(AccessRequest r, AccessRequest.Status expected, Instant expectedExtendedAt) {
        return jdbc.sql("""
                        UPDATE access_request SET status = ?, due_at = ?, extended_at = ?, extended_by = ?,
                            extension_reason = ?, decided_at = ?, decided_by = ?, decision_reason = ?,
                            withdrawn_at = ?
                        WHERE id = ? AND status = ? AND extended_at IS NOT DISTINCT FROM ?
                        """)
                        .params(
                                r.status().name(),
                                Timestamp.from(r.dueAt()),
                                timestamp(r.extendedAt()),
                                r.extendedBy(),
                                r.extensionReason(),
                                timestamp(r.decidedAt()),
                                r.decidedBy(),
                                r.decisionReason(),
                                timestamp(r.withdrawnAt()),
                                r.id(),
                                expected.name(),
                                timestamp(expectedExtendedAt))
                        .update()
                == 1;
    }

    private static String name(AccessRequest.Status status) {
        return status == null ? null : status.name();
    }

    static Date date(LocalDate date) {
        return date == null ? null : Date.valueOf(date);
    }

    static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static AccessScope scope(ResultSet rs) throws SQLException {
        Date from = rs.getDate("date_from");
        Date to = rs.getDate("date_to");
        return new AccessScope(
                AccessScope.Kind.valueOf(rs.getString("scope")),
                rs.getString("study_uid"),
                from == null ? null : from.toLocalDate(),
                to == null ? null : to.toLocalDate());
    }

    private static AccessRequest map(ResultSet rs, int row) throws SQLException {
        return new AccessRequest(
                rs.getLong("id"),
                rs.getLong("account_id"),
                scope(rs),
                rs.getString("message"),
                AccessRequest.Format.valueOf(rs.getString("preferred_format")),
                AccessRequest.Status.valueOf(rs.getString("status")),
                instant(rs, "submitted_at"),
                instant(rs, "due_at"),
                instant(rs, "extended_at"),
                rs.getObject("extended_by", Long.class),
                rs.getString("extension_reason"),
                instant(rs, "decided_at"),
                rs.getObject("decided_by", Long.class),
                rs.getString("decision_reason"),
                instant(rs, "withdrawn_at"));
    }
}
