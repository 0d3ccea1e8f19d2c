package org.xrayportal.account;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.xrayportal.shared.PatientIdentity;

@Repository
class IdentityLinks {

    enum Method {
        ACTIVATION,
        STAFF_VERIFIED,
        DEMO
    }

    private final JdbcClient jdbc;

    IdentityLinks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<PatientIdentity> find(long accountId) {
        return jdbc.sql("SELECT patient_id, issuer_of_patient_id FROM patient_identity_link WHERE account_id = ?")
                .param(accountId)
                .query((rs, n) -> new PatientIdentity(rs.getString(1), rs.getString(2)))
                .optional();
    }

    boolean isLinked(PatientIdentity identity) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM patient_identity_link"
                        + " WHERE patient_id = ? AND issuer_of_patient_id = ?)")
                .params(identity.patientId(), identity.issuerKey())
                .query(Boolean.class)
                .single();
    }

    void insert(long accountId, PatientIdentity identity, Long linkedBy, Method method, Instant when) {
        jdbc.sql("""
                        INSERT INTO patient_identity_link
                            (account_id, patient_id, issuer_of_patient_id, linked_at, linked_by, method)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        accountId,
                        identity.patientId(),
                        identity.issuerKey(),
                        Timestamp.from(when),
                        linkedBy,
                        method.name())
                .update();
    }
}
