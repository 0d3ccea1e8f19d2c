package org.xrayportal.consent;

import java.time.Instant;

/** A patient's agreement to one version of the terms, and how it ended if it has. */
record ConsentAcceptance(
        long id,
        long accountId,
        int version,
        Instant acceptedAt,
        String clientAddress,
        String userAgent,
        Instant endedAt,
        EndReason endedReason) {

    public enum EndReason {
        WITHDRAWN,
        SUPERSEDED
    }

    public boolean inForce() {
        return endedAt == null;
    }
}
