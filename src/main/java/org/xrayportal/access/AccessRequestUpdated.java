package org.xrayportal.access;

/** Published in the deciding transaction when staff change a patient's request or grant, so the patient can be told to sign in. */
public record AccessRequestUpdated(long accountId, long requestId, Change change) {

    public enum Change {
        APPROVED,
        DENIED,
        EXTENDED,
        REVOKED
    }
}
