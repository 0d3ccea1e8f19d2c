package org.xrayportal.account.activation;

/**
 * Why an activation step was refused. {@link #field()} is null for errors about the whole form; a failure that
 * {@link #countsAsGuess()} is throttled like a failed sign-in.
 */
public class ActivationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String code;
    private final boolean countsAsGuess;
    private final Long activationCodeId;

    private ActivationException(String field, String code, boolean countsAsGuess, Long activationCodeId) {
        super(code);
        this.field = field;
        this.code = code;
        this.countsAsGuess = countsAsGuess;
        this.activationCodeId = activationCodeId;
    }

    /** Unknown, used, expired or revoked code, or a wrong date of birth: one answer for all. */
    static ActivationException noMatch(Long activationCodeId) {
        return new ActivationException(null, "activation.noMatch", true, activationCodeId);
    }

    static ActivationException throttled() {
        return new ActivationException(null, "activation.noMatch", false, null);
    }

    static ActivationException emailTaken() {
        return new ActivationException("email", "email.taken", false, null);
    }

    public static ActivationException alreadyLinked(String field) {
        return new ActivationException(field, "activation.alreadyLinked", false, null);
    }

    static ActivationException notInPacs() {
        return new ActivationException("patientId", "activation.issue.notInPacs", false, null);
    }

    static ActivationException birthDateDiffersFromPacs() {
        return new ActivationException("birthDate", "activation.issue.birthDateDiffers", false, null);
    }

    public String field() {
        return field;
    }

    public String code() {
        return code;
    }

    boolean countsAsGuess() {
        return countsAsGuess;
    }

    Long activationCodeId() {
        return activationCodeId;
    }
}
