package org.xrayportal.consultation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class Consultations {

    private static final String COLUMNS = "id, account_id, patient_id, issuer_of_patient_id, study_uid, study_date,"
            + " study_description, question, contact_method, phone, preferred_times, status, created_at, started_at,"
            + " started_by, answer, answered_at, answered_by, closed_at";

    private final JdbcClient jdbc;

    Consultations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(Consultation c) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO consultation_request (account_id, patient_id, issuer_of_patient_id, study_uid,
                            study_date, study_description, question, contact_method, phone, preferred_times, status,
                            created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        c.accountId(),
                        c.patientId(),
                        c.issuerOfPatientId(),
                        c.studyUid(),
                        c.studyDate() == null ? null : java.sql.Date.valueOf(c.studyDate()),
                        c.studyDescription(),
                        c.question(),
                        c.contactMethod().name(),
                        c.phone(),
                        c.preferredTimes(),
                        c.status().name(),
                        timestamp(c.createdAt()))
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    /** Saves a state change only if nobody changed the status meanwhile. */
    boolean update(Consultation c, Consultation.Status expected) {
        return jdbc.sql("""
                        UPDATE consultation_request SET status = ?, started_at = ?, started_by = ?, answer = ?,
                            answered_at = ?, answered_by = ?, closed_at = ?
                        WHERE id = ? AND status = ?
                        """)
                        .params(
                                c.status().name(),
                                timestamp(c.startedAt()),
                                c.startedBy(),
                                c.answer(),
                                timestamp(c.answeredAt()),
                                c.answeredBy(),
                                timestamp(c.closedAt()),
                                c.id(),
                                expected.name())
                        .update()
                == 1;
    }

    Optional<Consultation> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM consultation_request WHERE id = ?")
                .param(id)
                .query(Consultations::map)
                .optional();
    }

    List<Consultation> ofAccount(long accountId) {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM consultation_request WHERE account_id = ? ORDER BY created_at DESC," + " id DESC")
                .param(accountId)
                .query(Consultations::map)
                .list();
    }

    List<Consultation> withStatus(List<Consultation.Status> statuses, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM consultation_request WHERE status IN (:statuses)"
                        + " ORDER BY created_at, id LIMIT :limit")
                .param("statuses", statuses.stream().map(Enum::name).toList())
                .param("limit", limit)
                .query(Consultations::map)
                .list();
    }

    long countWithStatus(List<Consultation.Status> statuses) {
        return jdbc.sql("SELECT count(*) FROM consultation_request WHERE status IN (:statuses)")
                .param("statuses", statuses.stream().map(Enum::name).toList())
                .query(Long.class)
                .single();
    }

    private static Consultation map(ResultSet rs, int row) throws SQLException {
        java.sql.Date studyDate = rs.getDate("study_date");
        return new Consultation(
                rs.getLong("id"),
                rs.getLong("account_id"),
                rs.getString("patient_id"),
                rs.getString("issuer_of_patient_id"),
                rs.getString("study_uid"),
                studyDate == null ? null : studyDate.toLocalDate(),
                rs.getString("study_description"),
                rs.getString("question"),
                Consultation.ContactMethod.valueOf(rs.getString("contact_method")),
                rs.getString("phone"),
                rs.getString("preferred_times"),
                Consultation.Status.valueOf(rs.getString("status")),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("started_at")),
                rs.getObject("started_by", Long.class),
                rs.getString("answer"),
                instant(rs.getTimestamp("answered_at")),
                rs.getObject("answered_by", Long.class),
                instant(rs.getTimestamp("closed_at")));
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
