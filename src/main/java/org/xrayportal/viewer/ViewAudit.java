package org.xrayportal.viewer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.xrayportal.access.StudyAccessPolicy.VisibleStudy;
import org.xrayportal.account.Actor;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditEvent;
import org.xrayportal.audit.AuditLog;
import org.xrayportal.audit.AuditOutcome;

/**
 * The viewer's VIEW events (DICOM "DICOM Instances Accessed"): one when a study page is opened and one the first time
 * each series' frames are fetched during that visit, not one per frame, zoom or pan. Opening the study page again
 * starts a new visit. Each call happens before the data leaves, and a failed write ({@code AuditUnavailableException})
 * propagates so the data is not sent. Each names the version of the notice shown beside the images
 * ({@code notice}: language/version, issue 16).
 *
 * <p>What a visit has recorded is kept in this node's memory, not in the session, so that viewing never writes the
 * session (issue 14). A visit is named by a random value in a cookie scoped to the study's URLs ({@value #VISIT_COOKIE},
 * set with the study page) together with the session id, so a visit another node began is a new visit here: a node
 * that has not seen the visit records its series again (at most once per node), it never leaves one out.
 */
@Component
class ViewAudit {

    static final String VISIT_COOKIE = "PORTALVISIT";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AuditLog auditLog;
    private final ClinicNotice notice;
    private final Counter unviewable;
    private final boolean secureCookie;

    /** (session id, study, visit) to what that visit has recorded; a visit unused for the idle timeout is forgotten. */
    private final Cache<String, Set<String>> visits;

    ViewAudit(
            AuditLog auditLog,
            ClinicNotice notice,
            MeterRegistry meters,
            @Value("${server.servlet.session.cookie.secure:true}") boolean secureCookie,
            @Value("${spring.session.timeout:30m}") Duration idleTimeout) {
        this.auditLog = auditLog;
        this.notice = notice;
        this.secureCookie = secureCookie;
        this.unviewable = Counter.builder("portal.viewer.unviewable")
                .description("Objects the PACS could not render for a patient (per visit)")
                .register(meters);
        this.visits = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterAccess(idleTimeout)
                .build();
    }

    /** A study page was opened: always recorded, and a new visit for the series events begins. */
    void studyOpened(Actor user, VisibleStudy visible, HttpServletRequest request, HttpServletResponse response) {
        String study = visible.study().studyInstanceUid();
        auditLog.record(event(user, visible, AuditOutcome.SUCCESS)
                .detail("view", "study")
                .detail("notice", notice.shown().reference())
                .build());
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String visit = HexFormat.of().formatHex(bytes);
        Set<String> recorded = ConcurrentHashMap.newKeySet();
        recorded.add(study + "/");
        visits.put(key(request, study, visit), recorded);
        ResponseCookie cookie = ResponseCookie.from(VISIT_COOKIE, visit)
                .path(request.getContextPath() + "/patient/studies/" + study)
                .httpOnly(true)
                .secure(secureCookie)
                .sameSite("Lax")
                .build();
        response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
    }

    /** Thumbnails belong to the study page; recorded as a study view only if the page was not opened first. */
    void studySeen(Actor user, VisibleStudy visible, HttpServletRequest request) {
        once(
                visible,
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
                visible,
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
                visible,
                visible.study().studyInstanceUid() + "/" + seriesUid + "/" + instanceUid + "/document",
                request,
                () -> auditLog.record(event(user, visible, AuditOutcome.SUCCESS)
                        .series(seriesUid)
                        .instance(instanceUid)
                        .detail("view", "document")
                        .detail("notice", notice.shown().reference())
                        .build()));
    }

    /**
     * The PACS could not render an object of the study for this patient (its failure, not an outage): recorded once per
     * visit as a VIEW with a minor failure, naming the series and instance, so staff can find which objects patients
     * cannot view (audit search, and the {@code portal.viewer.unviewable} counter).
     */
    void unviewable(
            Actor user, VisibleStudy visible, String seriesUid, String instanceUid, HttpServletRequest request) {
        String key = visible.study().studyInstanceUid() + "/" + seriesUid + "/" + instanceUid + "/unviewable";
        once(visible, key, request, () -> {
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

    private void once(VisibleStudy visible, String key, HttpServletRequest request, Runnable record) {
        String study = visible.study().studyInstanceUid();
        Set<String> recorded = visits.get(key(request, study, visit(request)), k -> ConcurrentHashMap.newKeySet());
        if (recorded.contains(key)) {
            return;
        }
        record.run(); // throws when the audit trail cannot be written: nothing is remembered, nothing is sent
        recorded.add(key);
    }

    /** A signed-in patient always has a session; it is made here only if a page later in the request would. */
    private static String key(HttpServletRequest request, String study, String visit) {
        HttpSession session = request.getSession();
        return session.getId() + "/" + study + "/" + visit;
    }

    /** The visit the browser names, if it is one this portal could have issued (32 hex digits); else "". */
    private static String visit(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (VISIT_COOKIE.equals(cookie.getName())
                        && cookie.getValue() != null
                        && cookie.getValue().matches("[0-9a-f]{32}")) {
                    return cookie.getValue();
                }
            }
        }
        return "";
    }

    private AuditEvent.Builder event(Actor user, VisibleStudy visible, AuditOutcome outcome) {
        return AuditEvent.of(AuditAction.VIEW, outcome)
                .actor(user.accountId(), user.name(), user.role().name())
                .clientAddress(user.clientAddress())
                .patient(visible.identity().patientId(), visible.identity().issuer())
                .study(visible.study().studyInstanceUid());
    }
}
