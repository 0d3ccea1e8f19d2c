package org.xrayportal.account;

/** The identity check refused an issue or link; the result says why, for the form. */
class IdentityCheckFailed extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient IdentityVerification.Result result;

    IdentityCheckFailed(IdentityVerification.Result result) {
        super("identity check refused: " + result.problems());
        this.result = result;
    }

    IdentityVerification.Result result() {
        return result;
    }
}
