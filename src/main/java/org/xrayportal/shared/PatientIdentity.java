package org.xrayportal.shared;

import java.util.Objects;

/**
 * A patient's identity in the PACS, the one type for the whole portal: PatientID (0010,0020) and, where the clinic
 * uses several assigning authorities, IssuerOfPatientID (0010,0021). Both follow DICOM PS3.5 for LO values, as the
 * portal accepts them: leading and trailing spaces are not significant (stripped), at most 64 characters, no
 * backslash (the value separator: a list match on a PACS), no control characters, and no {@code *} or {@code ?} (query
 * wildcards in PS3.4 C.2.2.2.4: such a value could never be matched exactly). An empty issuer means "none".
 *
 * <p>An identity without an issuer covers the PatientID under one issuer only: the gateway refuses to match studies
 * of two different issuers for it (see {@code imaging.DicomWebPacsGateway}).
 *
 * @throws InvalidIdentityException (an {@link IllegalArgumentException}) for a value that breaks the rules; its
 *     {@link InvalidIdentityException#code()} is a message key for forms
 */
public record PatientIdentity(String patientId, String issuer) {

    /** PS3.5 6.2: LO is at most 64 characters. */
    public static final int MAX_LENGTH = 64;

    public PatientIdentity {
        patientId =
                normalize(Objects.requireNonNull(patientId, "patientId"), InvalidIdentityException.Field.PATIENT_ID);
        if (patientId.isEmpty()) {
            throw new InvalidIdentityException(InvalidIdentityException.Field.PATIENT_ID, "identity.invalid.empty");
        }
        issuer = issuer == null ? null : normalize(issuer, InvalidIdentityException.Field.ISSUER);
        if (issuer != null && issuer.isEmpty()) {
            issuer = null;
        }
    }

    public static PatientIdentity of(String patientId) {
        return new PatientIdentity(patientId, null);
    }

    public static PatientIdentity of(String patientId, String issuer) {
        return new PatientIdentity(patientId, issuer);
    }

    /** The issuer as stored in the database, where "none" is the empty string. */
    public String issuerKey() {
        return issuer == null ? "" : issuer;
    }

    public boolean hasIssuer() {
        return issuer != null;
    }

    /**
     * Exact comparison with the values a PACS returned for an object (spaces at either end are not significant). An
     * identity without issuer accepts any issuer here; callers that must keep issuers apart compare {@link #issuer()}
     * themselves.
     */
    public boolean matches(String returnedPatientId, String returnedIssuer) {
        if (returnedPatientId == null || !patientId.equals(returnedPatientId.strip())) {
            return false;
        }
        return issuer == null || (returnedIssuer != null && issuer.equals(returnedIssuer.strip()));
    }

    /** The reason a value breaks the rules, or null when it is a valid PatientID/issuer (after stripping). */
    public static String violation(String value) {
        String v = value.strip();
        if (v.length() > MAX_LENGTH) {
            return "identity.invalid.tooLong";
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\') {
                return "identity.invalid.backslash";
            }
            if (Character.isISOControl(c)
                    || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                return "identity.invalid.control";
            }
            if (c == '*' || c == '?') {
                return "identity.invalid.wildcard";
            }
        }
        return null;
    }

    private static String normalize(String value, InvalidIdentityException.Field field) {
        String reason = violation(value);
        if (reason != null) {
            throw new InvalidIdentityException(field, reason);
        }
        return value.strip();
    }

    @Override
    public String toString() {
        // Identities end up in logs; keep the PatientID out of them.
        return "PatientIdentity[issuer=" + issuer + "]";
    }
}
