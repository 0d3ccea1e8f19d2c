package org.xrayportal.shared;

/**
 * A PatientID or IssuerOfPatientID that breaks the rules of {@link PatientIdentity}. A plain validation error: forms
 * turn it into a field error with {@link #code()} as the message key.
 */
public class InvalidIdentityException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Which of the two values is wrong. */
    public enum Field {
        PATIENT_ID,
        ISSUER
    }

    private final Field field;
    private final String code;

    public InvalidIdentityException(Field field, String code) {
        super((field == Field.PATIENT_ID ? "PatientID" : "IssuerOfPatientID") + ": " + code);
        this.field = field;
        this.code = code;
    }

    public Field field() {
        return field;
    }

    /** Message key: identity.invalid.empty, .tooLong, .backslash, .control or .wildcard. */
    public String code() {
        return code;
    }
}
