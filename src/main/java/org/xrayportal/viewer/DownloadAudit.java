package org.xrayportal.viewer;

import io.micrometer.core.instrument.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditEvent;
import org.xrayportal.audit.AuditLog;
import org.xrayportal.audit.AuditOutcome;
import org.xrayportal.audit.AuditTrail;
import org.xrayportal.security.PortalUser;
import org.xrayportal.viewer.StudyAccessPolicy.VisibleStudy;

/**
 * Audits downloads (PS3.15 110106 Export) in two events sharing a download id: "started" before the first byte leaves
 * (if it cannot be written, the download does not happen), and "finished" with the bytes sent and how it ended. The
 * per-account rate limit counts the "started" events of the last hour in the audit trail itself, so it holds across
 * application nodes without a store of its own.
 */
@Component
class DownloadAudit {

    private static final Logger log = LoggerFactory.getLogger(DownloadAudit.class);
    static final Duration WINDOW = Duration.ofHours(1);

    enum Kind {
        STUDY_ZIP("study-zip"),
        IMAGE("image");

        final String code;

        Kind(String code) {
            this.code = code;
        }
    }

    /** One download in progress. */
    record Export(
            String id,
            PortalUser user,
            VisibleStudy study,
            Kind kind,
            String seriesUid,
            String instanceUid,
            String clientAddress) {}

    /** Thrown when the account has used up its downloads for the hour. */
    static final class LimitExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Kind kind;
        final int limit;

        LimitExceeded(Kind kind, int limit) {
            super("download limit of " + limit + " per hour reached for " + kind.code);
            this.kind = kind;
            this.limit = limit;
        }
    }

    private final AuditLog auditLog;
    private final AuditTrail trail;
    private final DownloadProperties properties;
    private final Clock clock;

    DownloadAudit(AuditLog auditLog, AuditTrail trail, DownloadProperties properties, Clock clock) {
        this.auditLog = auditLog;
        this.trail = trail;
        this.properties = properties;
        this.clock = clock;
    }

    int limit(Kind kind) {
        return kind == Kind.STUDY_ZIP ? properties.studiesPerHour() : properties.imagesPerHour();
    }

    long remaining(PortalUser user, Kind kind) {
        long used = trail.countByActorSince(
                user.id(),
                AuditAction.EXPORT,
                Map.of("phase", "started", "kind", kind.code),
                clock.instant().minus(WINDOW));
        return Math.max(0, limit(kind) - used);
    }

    /** Refuses (and audits the refusal) when the account has no download of this kind left in the window. */
    void checkLimit(PortalUser user, VisibleStudy study, Kind kind, String clientAddress) {
        if (remaining(user, kind) > 0) {
            return;
        }
        auditLog.record(event(AuditOutcome.MINOR_FAILURE, user, study, clientAddress)
                .detail("phase", "refused")
                .detail("kind", kind.code)
                .detail("reason", "rate-limit")
                .build());
        throw new LimitExceeded(kind, limit(kind));
    }

    /** Records the start; throws {@link org.xrayportal.audit.AuditUnavailableException} so no byte is sent. */
    Export started(
            PortalUser user,
            VisibleStudy study,
            Kind kind,
            String seriesUid,
            String instanceUid,
            String clientAddress) {
        Export export =
                new Export(UUID.randomUUID().toString(), user, study, kind, seriesUid, instanceUid, clientAddress);
        auditLog.record(event(AuditOutcome.SUCCESS, user, study, clientAddress)
                .series(seriesUid)
                .instance(instanceUid)
                .detail("phase", "started")
                .detail("kind", kind.code)
                .detail("download", export.id())
                .build());
        return export;
    }

    /** Records the end. The bytes have left already, so a failure to record is logged, not thrown. */
    void finished(Export export, AuditOutcome outcome, long bytes, Integer instances, String reason) {
        String result = outcome == AuditOutcome.SUCCESS ? "complete" : "aborted";
        Metrics.counter("portal.downloads", "kind", export.kind().code, "result", result)
                .increment();
        Metrics.summary("portal.downloads.bytes", "kind", export.kind().code, "result", result)
                .record(bytes);
        try {
            auditLog.record(event(outcome, export.user(), export.study(), export.clientAddress())
                    .series(export.seriesUid())
                    .instance(export.instanceUid())
                    .detail("phase", "finished")
                    .detail("kind", export.kind().code)
                    .detail("download", export.id())
                    .detail("bytes", bytes)
                    .detail("instances", instances)
                    .detail("reason", reason)
                    .build());
        } catch (RuntimeException e) {
            log.error("The end of download {} ({} bytes, {}) could not be audited", export.id(), bytes, outcome, e);
        }
    }

    private static AuditEvent.Builder event(
            AuditOutcome outcome, PortalUser user, VisibleStudy study, String clientAddress) {
        return AuditEvent.of(AuditAction.EXPORT, outcome)
                .actor(user.id(), user.email(), user.role().name())
                .clientAddress(clientAddress)
                .patient(study.identity().patientId(), study.identity().issuer())
                .study(study.study().studyInstanceUid());
    }
}
