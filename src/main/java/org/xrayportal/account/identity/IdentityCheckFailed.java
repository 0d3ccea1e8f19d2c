package org.xrayportal.account.identity;

/** The identity check refused an issue or link; the result says why, for the form. */
public class IdentityCheckFailed extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient IdentityVerification.Result result;

    public IdentityCheckFailed(IdentityVerification.Result result) {
        super("identity check refused: " + result.problems());
        this.result = result;
    }

    public IdentityVerification.Result result() {
        return result;
    }
}
