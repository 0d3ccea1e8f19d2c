package org.xrayportal.consent;

/** A consent action that cannot happen in the current state; shown to the user as a 409 page with the reason. */
public class ConsentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String messageKey;

    private ConsentException(String messageKey, String detail) {
        super(detail);
        this.messageKey = messageKey;
    }

    /** The message bundle key of the user-facing explanation. */
    public String messageKey() {
        return messageKey;
    }

    static ConsentException versionNotCurrent(int offered, int current) {
        return new ConsentException(
                "consent.error.versionChanged",
                "Offered version " + offered + " but version " + current + " is in effect");
    }

    static ConsentException noTermsPublished() {
        return new ConsentException("consent.error.noTerms", "No consent document is in effect");
    }

    static ConsentException nothingToWithdraw() {
        return new ConsentException("consent.error.nothingToWithdraw", "No acceptance in force");
    }
}
