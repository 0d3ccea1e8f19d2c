package org.xrayportal.account;

import java.util.Objects;

/**
 * A patient's identity in the PACS: PatientID (0010,0020) and, where the clinic has several, IssuerOfPatientID
 * (0010,0021). Both are DICOM LO values of at most 64 characters.
 *
 * @param issuerOfPatientId {@code null} when the clinic uses a single issuer
 */
public record PatientIdentity(String patientId, String issuerOfPatientId) {

    public PatientIdentity {
        Objects.requireNonNull(patientId, "patientId");
        patientId = patientId.strip();
        issuerOfPatientId = issuerOfPatientId == null || issuerOfPatientId.isBlank() ? null : issuerOfPatientId.strip();
        if (patientId.isEmpty() || patientId.length() > 64) {
            throw new IllegalArgumentException("PatientID must have 1 to 64 characters");
        }
        if (issuerOfPatientId != null && issuerOfPatientId.length() > 64) {
            throw new IllegalArgumentException("IssuerOfPatientID must have at most 64 characters");
        }
    }

    /** The issuer as stored in the database, where "none" is the empty string. */
    String issuerKey() {
        return issuerOfPatientId == null ? "" : issuerOfPatientId;
    }
}
