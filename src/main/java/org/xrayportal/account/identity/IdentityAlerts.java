package org.xrayportal.account.identity;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.xrayportal.shared.PatientIdentity;

/** Identity problems waiting for staff: a study with another birth date, "not my images", a stored identity broken. */
@Repository
public class IdentityAlerts {

    private static final String SELECT = """
            SELECT i.id, i.kind, i.account_id, a.email, i.patient_id, i.issuer_of_patient_id, i.study_uid, i.detail,
                i.raised_at, i.resolved_at, i.resolution
            FROM identity_alert i LEFT JOIN account a ON a.id = i.account_id
            """;

    private final JdbcClient jdbc;

    public IdentityAlerts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Raises the alert unless the same one is already open; true when it is new. */
    public boolean raise(
            IdentityAlert.Kind kind,
            Long accountId,
            PatientIdentity identity,
            String studyUid,
            String detail,
            Instant now) {
        return jdbc.sql("""
                        INSERT INTO identity_alert
                            (kind, account_id, patient_id, issuer_of_patient_id, study_uid, detail, raised_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT DO NOTHING
                        """)
                        .params(
                                kind.name(),
                                accountId,
                                identity.patientId(),
                                identity.issuerKey(),
                                studyUid == null ? "" : studyUid,
                                detail,
                                Timestamp.from(now))
                        .update()
                == 1;
    }

    public List<IdentityAlert> open() {
        return jdbc.sql(SELECT + " WHERE i.resolved_at IS NULL ORDER BY i.raised_at LIMIT 500")
                .query(IdentityAlerts::map)
                .list();
    }

    public Optional<IdentityAlert> find(long id) {
        return jdbc.sql(SELECT + " WHERE i.id = ?")
                .param(id)
                .query(IdentityAlerts::map)
                .optional();
    }

    public int openCount() {
        return jdbc.sql("SELECT count(*) FROM identity_alert WHERE resolved_at IS NULL")
                .query(Integer.class)
                .single();
    }

    public boolean resolve(long id, long staffId, String resolution, Instant now) {
        return jdbc.sql("UPDATE identity_alert SET resolved_at = ?, resolved_by = ?, resolution = ?"
                                + " WHERE id = ? AND resolved_at IS NULL")
                        .params(Timestamp.from(now), staffId, resolution, id)
                        .update()
                == 1;
    }

    private static IdentityAlert map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        long accountId = rs.getLong("account_id");
        Timestamp resolved = rs.getTimestamp("resolved_at");
        String studyUid = rs.getString("study_uid");
        return new IdentityAlert(
                rs.getLong("id"),
                IdentityAlert.Kind.valueOf(rs.getString("kind")),
                rs.wasNull() ? null : accountId,
                rs.getString("email"),
                rs.getString("patient_id"),
                rs.getString("issuer_of_patient_id"),
                studyUid == null || studyUid.isEmpty() ? null : studyUid,
                rs.getString("detail"),
                rs.getTimestamp("raised_at").toInstant(),
                resolved == null ? null : resolved.toInstant(),
                rs.getString("resolution"));
    }
}
