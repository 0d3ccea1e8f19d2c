package org.xrayportal.sharing;

import java.time.Instant;
import java.util.List;

/**
 * A patient's share of some studies with someone outside the clinic. It opens only while it is neither expired nor
 * revoked; even then every study is shown only while the patient's own access rules still admit it.
 */
record Share(
        long id,
        long accountId,
        String recipient,
        SecondFactor secondFactor,
        String passcodeHash,
        boolean allowDownload,
        Instant createdAt,
        Instant expiresAt,
        Instant revokedAt,
        int failedAttempts,
        Instant blockedUntil,
        Instant lockedAt,
        List<String> studyUids) {

    enum Status {
        ACTIVE,
        EXPIRED,
        REVOKED
    }

    Status status(Instant now) {
        if (revokedAt != null) {
            return Status.REVOKED;
        }
        return now.isBefore(expiresAt) ? Status.ACTIVE : Status.EXPIRED;
    }

    boolean isActive(Instant now) {
        return status(now) == Status.ACTIVE;
    }

    /** Whether passcode attempts are refused now (too many wrong ones): the same answer as a wrong passcode. */
    boolean refusesAttempts(Instant now) {
        return lockedAt != null || (blockedUntil != null && now.isBefore(blockedUntil));
    }

    boolean covers(String studyUid) {
        return studyUids.contains(studyUid);
    }

    /** One access by the recipient, for the patient's list: when, what, and the kind of device. */
    record Access(Instant occurredAt, Kind kind, Device device) {

        enum Kind {
            OPENED,
            DOWNLOADED,
            FAILED,
            /** An app fetched the manifest of one of the share's SMART Health Links with the right passcode. */
            LINK_OPENED
        }
    }
}
