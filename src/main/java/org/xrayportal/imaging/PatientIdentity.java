package org.xrayportal.imaging;

import java.util.Objects;

/**
 * A patient's identity in the PACS: PatientID (0010,0020) and, where the clinic uses several assigning
 * authorities, IssuerOfPatientID (0010,0021). The gateway matches both exactly; an identity without an issuer matches
 * the PatientID under any issuer, so clinics with several issuers must always link identities with one.
 *
 * <p>A backslash is the DICOM value separator (a list match on the PACS) and is refused. {@code *} and {@code ?} are
 * legal characters in a PatientID but wildcards in a query: the gateway never relies on the PACS to match them
 * literally and re-checks every result for exact equality.
 */
public record PatientIdentity(String patientId, String issuer) {

    private static final int MAX_LO_LENGTH = 64;

    public PatientIdentity {
        patientId = checked(Objects.requireNonNull(patientId, "patientId"), "PatientID");
        if (patientId.isEmpty()) {
            throw PacsException.invalidRequest("PatientID is empty");
        }
        if (patientId.chars().allMatch(c -> c == '*' || c == '?')) {
            throw PacsException.invalidRequest("PatientID consists of wildcards only");
        }
        issuer = issuer == null ? null : checked(issuer, "IssuerOfPatientID");
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

    /** Exact comparison with the values a PACS returned for an object. */
    boolean matches(String returnedPatientId, String returnedIssuer) {
        if (returnedPatientId == null || !patientId.equals(returnedPatientId.strip())) {
            return false;
        }
        return issuer == null || (returnedIssuer != null && issuer.equals(returnedIssuer.strip()));
    }

    private static String checked(String value, String name) {
        String v = value.strip();
        if (v.length() > MAX_LO_LENGTH) {
            throw PacsException.invalidRequest(name + " longer than " + MAX_LO_LENGTH + " characters");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' || Character.isISOControl(c)) {
                throw PacsException.invalidRequest(name + " contains a backslash or control character");
            }
        }
        return v;
    }

    @Override
    public String toString() {
        // Identities end up in logs; keep the PatientID out of them.
        return "PatientIdentity[issuer=" + issuer + "]";
    }
}
