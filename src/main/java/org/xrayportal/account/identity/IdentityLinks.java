package org.xrayportal.account.identity;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.xrayportal.account.LinkedIdentity;
import org.xrayportal.shared.InvalidIdentityException;
import org.xrayportal.shared.PatientIdentity;

@Repository
public class IdentityLinks {

    private static final Logger log = LoggerFactory.getLogger(IdentityLinks.class);

    public enum Method {
        ACTIVATION,
        STAFF_VERIFIED,
        DEMO
    }

    private final JdbcClient jdbc;

    public IdentityLinks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<PatientIdentity> find(long accountId) {
        return findLink(accountId).map(LinkedIdentity::identity);
    }

    /**
     * The account's link. A stored identity that breaks the identity rules (reported by V41 as an alert) counts as no
     * link at all: the account sees nothing until staff fix it.
     */
    public Optional<LinkedIdentity> findLink(long accountId) {
        return jdbc.sql("""
                        SELECT patient_id, issuer_of_patient_id, verified_birth_date, no_study_yet,
                            images_suspended_at
                        FROM patient_identity_link WHERE account_id = ?
                        """)
                .param(accountId)
                .query((rs, n) -> {
                    PatientIdentity identity;
                    try {
                        identity = new PatientIdentity(rs.getString(1), rs.getString(2));
                    } catch (InvalidIdentityException e) {
                        log.warn(
                                "Account {} has a stored identity that breaks the rules ({}); treated as unlinked",
                                accountId,
                                e.code());
                        return null;
                    }
                    Timestamp suspended = rs.getTimestamp(5);
                    return new LinkedIdentity(
                            identity,
                            rs.getObject(3, LocalDate.class),
                            rs.getBoolean(4),
                            suspended == null ? null : suspended.toInstant());
                })
                .optional();
    }

    /**
     * Whether another link already covers part of what {@code identity} would: the same PatientID under the same
     * issuer, or with either side without issuer (an issuer-less link covers the PatientID under any one issuer).
     */
    public boolean overlapsExisting(PatientIdentity identity) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM patient_identity_link WHERE patient_id = ?
                            AND (issuer_of_patient_id = ? OR issuer_of_patient_id = '' OR ? = ''))
                        """)
                .params(identity.patientId(), identity.issuerKey(), identity.issuerKey())
                .query(Boolean.class)
                .single();
    }

    public void insert(long accountId, PatientIdentity identity, Long linkedBy, Method method, Instant when) {
        insert(accountId, identity, linkedBy, method, when, null, false);
    }

    public void insert(
            long accountId,
            PatientIdentity identity,
            Long linkedBy,
            Method method,
            Instant when,
            LocalDate verifiedBirthDate,
            boolean noStudyYet) {
        jdbc.sql("""
                        INSERT INTO patient_identity_link
                            (account_id, patient_id, issuer_of_patient_id, linked_at, linked_by, method,
                             verified_birth_date, no_study_yet)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        accountId,
                        identity.patientId(),
                        identity.issuerKey(),
                        Timestamp.from(when),
                        linkedBy,
                        method.name(),
                        verifiedBirthDate,
                        noStudyYet)
                .update();
    }

    public boolean suspendImages(long accountId, Instant now) {
        return jdbc.sql("UPDATE patient_identity_link SET images_suspended_at = ?"
                                + " WHERE account_id = ? AND images_suspended_at IS NULL")
                        .params(Timestamp.from(now), accountId)
                        .update()
                == 1;
    }

    public boolean restoreImages(long accountId) {
        return jdbc.sql("UPDATE patient_identity_link SET images_suspended_at = NULL WHERE account_id = ?")
                        .param(accountId)
                        .update()
                == 1;
    }
}
