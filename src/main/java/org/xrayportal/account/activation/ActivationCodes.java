package org.xrayportal.account.activation;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.xrayportal.shared.PatientIdentity;

@Repository
class ActivationCodes {

    /** Wrong dates of birth a code survives; the next one kills it. */
    static final int MAX_FAILED_ATTEMPTS = 5;

    record StoredCode(
            long id,
            PatientIdentity identity,
            String patientName,
            LocalDate birthDate,
            Instant expiresAt,
            int failedAttempts,
            boolean usable,
            boolean noStudyYet) {}

    private final JdbcClient jdbc;

    ActivationCodes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(
            String codeHash,
            PatientIdentity identity,
            String patientName,
            LocalDate birthDate,
            long issuedBy,
            Instant issuedAt,
            Instant expiresAt,
            boolean noStudyYet) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO activation_code (code_hash, patient_id, issuer_of_patient_id, patient_name,
                            birth_date, issued_by, issued_at, expires_at, no_study_yet)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        codeHash,
                        identity.patientId(),
                        identity.issuerKey(),
                        patientName,
                        birthDate,
                        issuedBy,
                        Timestamp.from(issuedAt),
                        Timestamp.from(expiresAt),
                        noStudyYet)
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    /** Earlier unused codes for the identity stop working when a new one is issued. */
    int revokeUnused(PatientIdentity identity, Instant now) {
        return jdbc.sql("UPDATE activation_code SET revoked_at = ? WHERE patient_id = ? AND issuer_of_patient_id = ?"
                        + " AND used_at IS NULL AND revoked_at IS NULL")
                .params(Timestamp.from(now), identity.patientId(), identity.issuerKey())
                .update();
    }

    /** Locks the row, so two activations with one code cannot both succeed. */
    Optional<StoredCode> findForUpdate(String codeHash, Instant now) {
        return jdbc.sql("""
                        SELECT id, patient_id, issuer_of_patient_id, patient_name, birth_date, expires_at,
                            failed_attempts, no_study_yet,
                            (used_at IS NULL AND revoked_at IS NULL AND expires_at > ? AND failed_attempts < ?) AS usable
                        FROM activation_code WHERE code_hash = ? FOR UPDATE
                        """)
                .params(Timestamp.from(now), MAX_FAILED_ATTEMPTS, codeHash)
                .query((rs, n) -> new StoredCode(
                        rs.getLong("id"),
                        new PatientIdentity(rs.getString("patient_id"), rs.getString("issuer_of_patient_id")),
                        rs.getString("patient_name"),
                        rs.getObject("birth_date", LocalDate.class),
                        rs.getTimestamp("expires_at").toInstant(),
                        rs.getInt("failed_attempts"),
                        rs.getBoolean("usable"),
                        rs.getBoolean("no_study_yet")))
                .optional();
    }

    void countFailedAttempt(long id) {
        jdbc.sql("UPDATE activation_code SET failed_attempts = failed_attempts + 1 WHERE id = ?")
                .param(id)
                .update();
    }

    boolean markUsed(long id, long accountId, Instant now) {
        return jdbc.sql("UPDATE activation_code SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL")
                        .params(Timestamp.from(now), accountId, id)
                        .update()
                == 1;
    }
}
