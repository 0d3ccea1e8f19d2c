package org.xrayportal.audit;

import java.time.Instant;

/**
 * What to look for in the audit trail; every field is optional ({@code null} = any). Times are a half-open range
 * {@code [from, to)}. {@code actor} matches the account name (email) exactly, case-insensitively, or the account id
 * when it is a number.
 */
record AuditCriteria(
        String patientId,
        String issuerOfPatientId,
        String actor,
        AuditAction action,
        AuditOutcome outcome,
        Instant from,
        Instant to) {

    public static final AuditCriteria ANY = new AuditCriteria(null, null, null, null, null, null, null);

    public AuditCriteria {
        patientId = blankToNull(patientId);
        issuerOfPatientId = blankToNull(issuerOfPatientId);
        actor = blankToNull(actor);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
    }

    public static AuditCriteria forPatient(String patientId, String issuerOfPatientId) {
        return new AuditCriteria(patientId, issuerOfPatientId, null, null, null, null, null);
    }

    public static AuditCriteria between(Instant from, Instant to) {
        return new AuditCriteria(null, null, null, null, null, from, to);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
