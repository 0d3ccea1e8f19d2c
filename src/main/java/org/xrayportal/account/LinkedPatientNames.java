package org.xrayportal.account;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.xrayportal.audit.PatientNames;
import org.xrayportal.shared.PersonNames;

/** The audit timeline's patient names, from identity links and the activation codes staff issued (PACS names). */
@Component
class LinkedPatientNames implements PatientNames {

    private final JdbcClient jdbc;

    LinkedPatientNames(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<String> of(String patientId, String issuerOfPatientId) {
        String issuer = issuerOfPatientId == null ? "" : issuerOfPatientId;
        return jdbc.sql("""
                        SELECT name FROM (
                            SELECT a.display_name AS name, 0 AS rank, l.linked_at AS at
                            FROM patient_identity_link l JOIN account a ON a.id = l.account_id
                            WHERE l.patient_id = ? AND l.issuer_of_patient_id = ?
                            UNION ALL
                            SELECT c.patient_name, 1, c.issued_at
                            FROM activation_code c
                            WHERE c.patient_id = ? AND c.issuer_of_patient_id = ?
                        ) known
                        GROUP BY name
                        ORDER BY min(rank), max(at) DESC
                        LIMIT 5
                        """).params(patientId, issuer, patientId, issuer).query(String.class).list().stream()
                .map(PersonNames::display) // activation codes keep the PACS's DICOM form (Family^Given)
                .filter(name -> !name.isBlank())
                .distinct()
                .toList();
    }
}
