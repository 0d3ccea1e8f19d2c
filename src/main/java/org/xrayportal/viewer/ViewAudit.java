package org.xrayportal.viewer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.HashSet;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.xrayportal.access.StudyAccessPolicy.VisibleStudy;
import org.xrayportal.account.Actor;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditEvent;
import org.xrayportal.audit.AuditLog;
import org.xrayportal.audit.AuditOutcome;

/**
 * The viewer's VIEW events (DICOM "DICOM Instances Accessed"): one when a study page is opened and one the first time
 * each series' frames are fetched during that visit, not one per frame, zoom or pan. The session remembers what has
 * been recorded; opening the study page again starts a new visit. Each call happens before the data leaves, and a
 * failed write ({@code AuditUnavailableException}) propagates so the data is not sent. Each names the version of the
 * notice shown beside the images ({@code notice}: language/version, issue 16).
 */
@Component
class ViewAudit {

    private static final String RECORDED = ViewAudit.class.getName() + ".recorded";

    private final AuditLog auditLog;
    private final ClinicNotice notice;
    private final Counter unviewable;

    ViewAudit(AuditLog auditLog, ClinicNotice notice, MeterRegistry meters) {
        this.auditLog = auditLog;
        this.notice = notice;
        this.unviewable = Counter.builder("portal.viewer.unviewable")
                .description("Objects the PACS could not render for a patient (per visit)")
                .register(meters);
    }

    /** A study page was opened: always recorded, and a new visit for the series events begins. */
    void studyOpened(Actor user, VisibleStudy visible, HttpServletRequest request) {
        String study = visible.study().studyInstanceUid();
        auditLog.record(event(user, visible, AuditOutcome.SUCCESS)
                .detail("view", "study")
                .detail("notice", notice.shown().reference())
                .build());
        HttpSession session = request.getSession();
        Set<String> recorded = recorded(session);
        boolean changed = recorded.removeIf(key -> key.startsWith(study + "/") && !key.equals(study + "/"));
        changed |= recorded.add(study + "/");
        if (changed) {
            // Written only when the visit's record changes: sessions live in PostgreSQL, and a write on every request
            // made concurrent pages of one session race for the same attribute row.
            session.setAttribute(RECORDED, recorded);
        }
    }

    /** Thumbnails belong to the study page; recorded as a study view only if the page was not opened first. */
    void studySeen(Actor user, VisibleStudy visible, HttpServletRequest request) {
        once(
                visible.study().studyInstanceUid() + "/",
                request,
                () -> auditLog.record(event(user, visible, AuditOutcome.SUCCESS)
                        .detail("view", "study")
                        .detail("notice", notice.shown().reference())
                        .build()));
    }

    /** A frame of the series is about to be sent: recorded once per series and visit. */
    void seriesSeen(Actor user, VisibleStudy visible, String seriesUid, HttpServletRequest request) {
        studySeen(user, visible, request);
        once(
                visible.study().studyInstanceUid() + "/" + seriesUid,
                request,
                () -> auditLog.record(event(user, visible, AuditOutcome.SUCCESS)
                        .series(seriesUid)
                        .detail("view", "series")
                        .detail("notice", notice.shown().reference())
                        .build()));
    }

    /** A document of the study (a report's text or a PDF) is about to be sent: recorded once per document and visit. */
    void documentSeen(
            Actor user, VisibleStudy visible, String seriesUid, String instanceUid, HttpServletRequest request) {
        studySeen(user, visible, request);
        once(
                visible.study().studyInstanceUid() + "/" + seriesUid + "/" + instanceUid + "/document",
                request,
                () -> auditLog.record(event(user, visible, AuditOutcome.SUCCESS)
                        .series(seriesUid)
                        .instance(instanceUid)
                        .detail("view", "document")
                        .build()));
    }

    /**
     * The PACS could not render an object of the study for this patient (its failure, not an outage): recorded once per
     * visit as a VIEW with a minor failure, naming the series and instance, so staff can find which objects patients
     * cannot view (audit search, and the {@code portal.viewer.unviewable} counter).
     */
    void unviewable(
            Actor user, VisibleStudy visible, String seriesUid, String instanceUid, HttpServletRequest request) {
        once(visible.study().studyInstanceUid() + "/" + seriesUid + "/" + instanceUid + "/unviewable", request, () -> {
            AuditEvent.Builder event = event(user, visible, AuditOutcome.MINOR_FAILURE)
                    .series(seriesUid)
                    .detail("view", "unviewable");
            if (instanceUid != null) {
                event.instance(instanceUid);
            }
            auditLog.record(event.build());
            unviewable.increment();
        });
    }

    private static void once(String key, HttpServletRequest request, Runnable record) {
        HttpSession session = request.getSession();
        Set<String> recorded = recorded(session);
        if (recorded.contains(key)) {
            return;
        }
        record.run(); // throws when the audit trail cannot be written: nothing is remembered, nothing is sent
        recorded.add(key);
        session.setAttribute(RECORDED, recorded); // set again: sessions live in PostgreSQL
    }

    @SuppressWarnings("unchecked")
    private static Set<String> recorded(HttpSession session) {
        Object value = session.getAttribute(RECORDED);
        return value instanceof HashSet<?> set ? (HashSet<String>) set : new HashSet<>();
    }

    private AuditEvent.Builder event(Actor user, VisibleStudy visible, AuditOutcome outcome) {
        return AuditEvent.of(AuditAction.VIEW, outcome)
                .actor(user.accountId(), user.name(), user.role().name())
                .clientAddress(user.clientAddress())
                .patient(visible.identity().patientId(), visible.identity().issuer())
                .study(visible.study().studyInstanceUid());
    }
}
