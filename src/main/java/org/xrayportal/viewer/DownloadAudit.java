package org.xrayportal.viewer;

import io.micrometer.core.instrument.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.xrayportal.access.StudyAccessPolicy.VisibleStudy;
import org.xrayportal.account.Actor;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditEvent;
import org.xrayportal.audit.AuditLog;
import org.xrayportal.audit.AuditOutcome;
import org.xrayportal.audit.AuditTrail;

/**
 * Audits downloads (PS3.15 110106 Export) in two events sharing a download id: "started" before the first byte leaves
 * (if it cannot be written, the download does not happen), and "finished" with the bytes sent and how it ended, exactly
 * once per download, also when the portal shuts down in the middle of it ({@link #interruptInFlight}). The per-account
 * rate limit counts, in the audit trail itself, the downloads of the last hour that completed or are still running
 * (failed, refused, cut and abandoned ones do not count), and the count and the "started" event are written under the
 * audit chain's lock, so concurrent starts on any number of nodes cannot exceed it.
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

    /** The outcome reason of a download the portal's own shutdown cut. */
    static final String INTERRUPTED_BY_SHUTDOWN = "interrupted-by-shutdown";

    /** One download in progress: who, what, and how far it got. */
    static final class Export {
        private final String id;
        private final Actor user;
        private final VisibleStudy study;
        private final Kind kind;
        private final String seriesUid;
        private final String instanceUid;
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile LongSupplier bytesSent = () -> 0;
        private volatile IntSupplier instancesSent = () -> 0;

        Export(String id, Actor user, VisibleStudy study, Kind kind, String seriesUid, String instanceUid) {
            this.id = id;
            this.user = user;
            this.study = study;
            this.kind = kind;
            this.seriesUid = seriesUid;
            this.instanceUid = instanceUid;
        }

        String id() {
            return id;
        }

        Kind kind() {
            return kind;
        }

        /** Where the bytes and instances actually handed to the client are counted, for an audit row at shutdown. */
        void progress(LongSupplier bytes, IntSupplier instances) {
            this.bytesSent = bytes;
            this.instancesSent = instances;
        }
    }

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
    private final Set<Export> inFlight = ConcurrentHashMap.newKeySet();

    DownloadAudit(AuditLog auditLog, AuditTrail trail, DownloadProperties properties, Clock clock) {
        this.auditLog = auditLog;
        this.trail = trail;
        this.properties = properties;
        this.clock = clock;
    }

    int limit(Kind kind) {
        return kind == Kind.STUDY_ZIP ? properties.studiesPerHour() : properties.imagesPerHour();
    }

    long remaining(Actor user, Kind kind) {
        long used = trail.countNotFailedByActorSince(
                user.accountId(),
                AuditAction.EXPORT,
                Map.of("phase", "started", "kind", kind.code),
                "download",
                clock.instant().minus(WINDOW));
        return Math.max(0, limit(kind) - used);
    }

    /**
     * Refuses (and audits the refusal) when the account has no download of this kind left in the window. An early,
     * cheap check; {@link #started} checks again under the audit lock.
     */
    void checkLimit(Actor user, VisibleStudy study, Kind kind) {
        if (remaining(user, kind) > 0) {
            return;
        }
        refuse(user, study, kind);
    }

    private void refuse(Actor user, VisibleStudy study, Kind kind) {
        auditLog.record(event(AuditOutcome.MINOR_FAILURE, user, study)
                .detail("phase", "refused")
                .detail("kind", kind.code)
                .detail("reason", "rate-limit")
                .build());
        throw new LimitExceeded(kind, limit(kind));
    }

    /**
     * Records the start if the account still has a download of this kind left, the count and the event in one
     * transaction under the audit lock; throws {@link LimitExceeded} if not, and {@link
     * org.xrayportal.audit.AuditUnavailableException} when it cannot be recorded, so no byte is sent.
     */
    Export started(Actor user, VisibleStudy study, Kind kind, String seriesUid, String instanceUid) {
        Export export = new Export(UUID.randomUUID().toString(), user, study, kind, seriesUid, instanceUid);
        boolean allowed = Boolean.TRUE.equals(trail.withAppendsHeld(() -> {
            if (remaining(user, kind) <= 0) {
                return false;
            }
            auditLog.record(event(AuditOutcome.SUCCESS, user, study)
                    .series(seriesUid)
                    .instance(instanceUid)
                    .detail("phase", "started")
                    .detail("kind", kind.code)
                    .detail("download", export.id())
                    .build());
            return true;
        }));
        if (!allowed) {
            refuse(user, study, kind);
        }
        inFlight.add(export);
        return export;
    }

    /**
     * Records the end, once: a second call for the same download (the request thread failing after the shutdown
     * wrote its row) does nothing. The bytes have left already, so a failure to record is logged, not thrown.
     */
    void finished(Export export, AuditOutcome outcome, long bytes, Integer instances, String reason) {
        inFlight.remove(export);
        if (!export.closed.compareAndSet(false, true)) {
            return;
        }
        String result = outcome == AuditOutcome.SUCCESS ? "complete" : "aborted";
        Metrics.counter("portal.downloads", "kind", export.kind().code, "result", result)
                .increment();
        Metrics.summary("portal.downloads.bytes", "kind", export.kind().code, "result", result)
                .record(bytes);
        try {
            auditLog.record(event(outcome, export.user, export.study)
                    .series(export.seriesUid)
                    .instance(export.instanceUid)
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

    /** Downloads started and not yet finished on this node. */
    List<Export> inFlight() {
        return List.copyOf(inFlight);
    }

    /**
     * At shutdown: waits up to {@code grace} for the downloads in flight to end on their own, then writes the closing
     * row of each one still running (outcome minor failure, reason {@value #INTERRUPTED_BY_SHUTDOWN}, the bytes and
     * instances handed to the client so far). Returns how many were cut.
     */
    int interruptInFlight(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
        }
        int cut = 0;
        for (Export export : List.copyOf(inFlight)) {
            log.warn("Download {} cut by the shutdown after {} bytes", export.id(), export.bytesSent.getAsLong());
            finished(
                    export,
                    AuditOutcome.MINOR_FAILURE,
                    export.bytesSent.getAsLong(),
                    export.instancesSent.getAsInt(),
                    INTERRUPTED_BY_SHUTDOWN);
            cut++;
        }
        return cut;
    }

    private static AuditEvent.Builder event(AuditOutcome outcome, Actor user, VisibleStudy study) {
        return AuditEvent.of(AuditAction.EXPORT, outcome)
                .actor(user.accountId(), user.name(), user.role().name())
                .clientAddress(user.clientAddress())
                .patient(study.identity().patientId(), study.identity().issuer())
                .study(study.study().studyInstanceUid());
    }
}
