package org.xrayportal.consent;

/**
 * Where a patient stands with the terms. Only {@link State#CURRENT} lets them reach images.
 *
 * @param current the version in effect now
 * @param inForce the patient's acceptance in force, if any (possibly of an older version)
 */
public record ConsentStatus(State state, ConsentDocument current, ConsentAcceptance inForce) {

    public enum State {
        /** Never agreed. */
        NOT_GIVEN,
        /** Agreed to the version in effect. */
        CURRENT,
        /** Agreed to an older version; a newer one needs a new agreement. */
        NEEDS_RENEWAL,
        /** Agreed once and then withdrew. */
        WITHDRAWN
    }

    public boolean isCurrent() {
        return state == State.CURRENT;
    }
}
