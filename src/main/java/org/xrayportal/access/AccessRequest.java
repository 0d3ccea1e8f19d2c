package org.xrayportal.access;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import org.xrayportal.system.ProblemException;

/**
 * A patient's request for access. It changes state only through the guarded methods below, each of which returns the
 * changed request or refuses with a {@link ProblemException}; a decided request is never decided again.
 */
public record AccessRequest(
        long id,
        long accountId,
        AccessScope scope,
        String message,
        Format preferredFormat,
        Status status,
        Instant submittedAt,
        Instant dueAt,
        Instant extendedAt,
        Long extendedBy,
        String extensionReason,
        Instant decidedAt,
        Long decidedBy,
        String decisionReason,
        Instant withdrawnAt) {

    /** HIPAA: act within 30 calendar days of the request. */
    public static final Duration RESPONSE_TIME = Duration.ofDays(30);
    /** One extension of at most 30 more days, with a written reason. */
    public static final Duration MAX_EXTENSION = Duration.ofDays(30);
    /** Staff see a warning when fewer days than this remain: from day 20 of an unextended request. */
    public static final Duration DUE_SOON_WITHIN = Duration.ofDays(10);

    public enum Status {
        SUBMITTED,
        APPROVED,
        DENIED,
        WITHDRAWN
    }

    public enum Format {
        VIEW,
        DOWNLOAD
    }

    /** Where a pending request stands against its deadline. */
    public enum Clock {
        ON_TIME,
        DUE_SOON,
        OVERDUE,
        CLOSED
    }

    static AccessRequest submit(long accountId, AccessScope scope, String message, Format format, Instant now) {
        return new AccessRequest(
                0,
                accountId,
                scope,
                message,
                format,
                Status.SUBMITTED,
                now,
                now.plus(RESPONSE_TIME),
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    public boolean isPending() {
        return status == Status.SUBMITTED;
    }

    public boolean isExtended() {
        return extendedAt != null;
    }

    /** Calendar days since submission, in the clinic's time zone. */
    public long daysElapsed(Instant now, ZoneId zone) {
        LocalDate submitted = submittedAt.atZone(zone).toLocalDate();
        return ChronoUnit.DAYS.between(submitted, now.atZone(zone).toLocalDate());
    }

    public Clock clock(Instant now) {
        if (!isPending()) {
            return Clock.CLOSED;
        }
        if (now.isAfter(dueAt)) {
            return Clock.OVERDUE;
        }
        return Duration.between(now, dueAt).compareTo(DUE_SOON_WITHIN) <= 0 ? Clock.DUE_SOON : Clock.ON_TIME;
    }

    AccessRequest approve(long staffId, Instant now) {
        requirePending();
        return decided(Status.APPROVED, staffId, null, now);
    }

    AccessRequest deny(long staffId, String reason, Instant now) {
        requirePending();
        if (reason == null || reason.isBlank()) {
            throw ProblemException.invalid("access.error.denyReason");
        }
        return decided(Status.DENIED, staffId, reason.strip(), now);
    }

    AccessRequest withdraw(Instant now) {
        requirePending();
        return new AccessRequest(
                id,
                accountId,
                scope,
                message,
                preferredFormat,
                Status.WITHDRAWN,
                submittedAt,
                dueAt,
                extendedAt,
                extendedBy,
                extensionReason,
                null,
                null,
                null,
                now);
    }

    AccessRequest extend(long staffId, Instant newDueAt, String reason, Instant now) {
        requirePending();
        if (isExtended()) {
            throw ProblemException.conflict("access.error.alreadyExtended");
        }
        if (reason == null || reason.isBlank()) {
            throw ProblemException.invalid("access.error.extensionReason");
        }
        if (newDueAt == null || !newDueAt.isAfter(dueAt) || newDueAt.isAfter(dueAt.plus(MAX_EXTENSION))) {
            throw ProblemException.invalid("access.error.extensionDate");
        }
        return new AccessRequest(
                id,
                accountId,
                scope,
                message,
                preferredFormat,
                status,
                submittedAt,
                newDueAt,
                now,
                staffId,
                reason.strip(),
                null,
                null,
                null,
                null);
    }

    private void requirePending() {
        if (!isPending()) {
            throw ProblemException.conflict("access.error.alreadyDecided." + status.name());
        }
    }

    private AccessRequest decided(Status to, long staffId, String reason, Instant now) {
        return new AccessRequest(
                id,
                accountId,
                scope,
                message,
                preferredFormat,
                to,
                submittedAt,
                dueAt,
                extendedAt,
                extendedBy,
                extensionReason,
                now,
                staffId,
                reason,
                null);
    }
}
