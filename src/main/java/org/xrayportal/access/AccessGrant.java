package org.xrayportal.access;

import java.time.Instant;
import org.xrayportal.system.ProblemException;

/** Permission, created by an approval, for one patient account to see the studies in a scope until it ends. */
public record AccessGrant(
        long id,
        long requestId,
        long accountId,
        AccessScope scope,
        boolean allowDownload,
        Instant grantedAt,
        long grantedBy,
        Instant expiresAt,
        Instant revokedAt,
        Long revokedBy,
        String revokeReason) {

    public boolean isActiveAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    public boolean hasExpiredAt(Instant now) {
        return revokedAt == null && expiresAt != null && !now.isBefore(expiresAt);
    }

    AccessGrant revoke(long staffId, String reason, Instant now) {
        if (revokedAt != null) {
            throw ProblemException.conflict("access.error.alreadyRevoked");
        }
        if (reason == null || reason.isBlank()) {
            throw ProblemException.invalid("access.error.revokeReason");
        }
        return new AccessGrant(
                id,
                requestId,
                accountId,
                scope,
                allowDownload,
                grantedAt,
                grantedBy,
                expiresAt,
                now,
                staffId,
                reason.strip());
    }
}
