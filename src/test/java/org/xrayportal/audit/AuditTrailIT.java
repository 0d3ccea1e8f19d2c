package org.xrayportal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.xrayportal.support.RepositoryTest;

/** The queries of the audit trail on the real schema: searches, a patient's own history, exports, download counts. */
@RepositoryTest
@Import({JdbcAuditLog.class, AuditTrail.class, AuditIntegrity.class})
// Appends commit as in the portal (the trail is append-only: a rolled-back test transaction would hide them).
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class AuditTrailIT {

    @Autowired
    AuditLog auditLog;

    @Autowired
    AuditTrail trail;

    /** A PatientID no other test uses, so that searches by it see only this test's events. */
    private final String patientId = "PID-" + UUID.randomUUID();

    @Test
    void searchWhenMoreMatchesThanAPageThenNewestFirstWithTheTotal() {
        for (String marker : List.of("first", "second", "third")) {
            auditLog.record(event(AuditAction.VIEW, AuditOutcome.SUCCESS, 7L, "ISSUER", marker));
        }

        AuditTrail.Page page = trail.search(AuditCriteria.forPatient(patientId, "ISSUER"), 0, 2);

        assertThat(page.events())
                .extracting(StoredAuditEvent::details)
                .containsExactly("{\"marker\":\"third\"}", "{\"marker\":\"second\"}");
        assertThat(page.total()).isEqualTo(3);
        assertThat(page.hasNext()).isTrue();
        assertThat(page.pages()).isEqualTo(2);
        assertThat(trail.search(AuditCriteria.forPatient(patientId, "ISSUER"), 1, 2)
                        .events())
                .extracting(StoredAuditEvent::details)
                .containsExactly("{\"marker\":\"first\"}");
    }

    @Test
    void patientHistoryWhenTheSamePatientIdHasAnotherIssuerThenOnlyTheExactIdentity() {
        auditLog.record(event(AuditAction.VIEW, AuditOutcome.SUCCESS, 7L, "CLINIC-A", "a"));
        auditLog.record(event(AuditAction.VIEW, AuditOutcome.SUCCESS, 7L, "CLINIC-B", "b"));
        auditLog.record(event(AuditAction.VIEW, AuditOutcome.SUCCESS, 7L, null, "none"));

        assertThat(trail.patientHistory(patientId, "CLINIC-A", 0, 10).events())
                .extracting(StoredAuditEvent::details)
                .containsExactly("{\"marker\":\"a\"}");
        assertThat(trail.patientHistory(patientId, null, 0, 10).events())
                .extracting(StoredAuditEvent::details)
                .containsExactly("{\"marker\":\"none\"}");
    }

    @Test
    void patientVisitsWhenAStudyIsOpenedTwiceThenEachOpeningWithItsSeriesIsOneEntryNewestFirst() {
        auditLog.record(event(AuditAction.ACCESS_APPROVED, AuditOutcome.SUCCESS, 9L, "ISSUER", "approved"));
        auditLog.record(view(7L, "1.2.3", "study", null)); // first visit of study 1.2.3
        auditLog.record(view(7L, "1.2.3", "series", "1.2.3.1"));
        auditLog.record(view(8L, "1.2.3", "study", null)); // another account's visit does not end this one
        auditLog.record(view(7L, "1.2.3", "series", "1.2.3.2"));
        auditLog.record(view(7L, "1.2.3", "series", "1.2.3.3"));
        auditLog.record(view(7L, "1.2.3", "study", null)); // second visit: opened again
        auditLog.record(view(7L, "1.2.3", "series", "1.2.3.1"));
        auditLog.record(event(AuditAction.EXPORT, AuditOutcome.SUCCESS, 7L, "ISSUER", "download"));

        AuditTrail.HistoryPage page = trail.patientVisits(patientId, "ISSUER", 0, 20);

        assertThat(page.total()).isEqualTo(5);
        assertThat(page.entries())
                .extracting(
                        e -> e.event().action(),
                        e -> e.event().actorId(),
                        AuditTrail.HistoryEntry::visit,
                        AuditTrail.HistoryEntry::seriesViewed)
                .containsExactly(
                        tuple("EXPORT", 7L, false, 0),
                        tuple("VIEW", 7L, true, 1),
                        tuple("VIEW", 7L, true, 3),
                        tuple("VIEW", 8L, true, 0),
                        tuple("ACCESS_APPROVED", 9L, false, 0));
        AuditTrail.HistoryEntry firstVisit = page.entries().get(2);
        assertThat(firstVisit.lastAt()).isAfterOrEqualTo(firstVisit.event().occurredAt());
        assertThat(trail.patientVisits(patientId, "ISSUER", 1, 2).entries())
                .extracting(e -> e.event().actorId(), AuditTrail.HistoryEntry::seriesViewed)
                .containsExactly(tuple(7L, 3), tuple(8L, 0));
        assertThat(trail.patientVisits(patientId, "OTHER", 0, 20).entries()).isEmpty();
    }

    @Test
    void patientVisitsWhenADownloadStartsAndEndsThenOneEntryShownByItsEnd() {
        auditLog.record(download(7L, "zip-1", "started", AuditOutcome.SUCCESS));
        auditLog.record(download(7L, "zip-2", "started", AuditOutcome.SUCCESS)); // never finished (a crash)
        auditLog.record(view(7L, "1.2.3", "study", null));
        auditLog.record(download(7L, "zip-1", "finished", AuditOutcome.SUCCESS));
        auditLog.record(download(7L, "zip-3", "started", AuditOutcome.SUCCESS));
        auditLog.record(download(7L, "zip-3", "finished", AuditOutcome.MINOR_FAILURE)); // the client went away
        auditLog.record(event(AuditAction.EXPORT, AuditOutcome.MINOR_FAILURE, 7L, "ISSUER", "refused"));

        AuditTrail.HistoryPage page = trail.patientVisits(patientId, "ISSUER", 0, 20);

        assertThat(page.total()).isEqualTo(5);
        assertThat(page.entries())
                .extracting(
                        e -> e.event().detailEntries().get("download"),
                        e -> e.event().detailEntries().get("phase"),
                        AuditTrail.HistoryEntry::downloadFinished,
                        AuditTrail.HistoryEntry::downloadUnfinished)
                .containsExactly(
                        tuple(null, null, false, false),
                        tuple("zip-3", "finished", false, true),
                        tuple("zip-1", "finished", true, false),
                        tuple(null, null, false, false),
                        tuple("zip-2", "started", false, true));
        AuditTrail.HistoryEntry zip1 = page.entries().get(2);
        assertThat(zip1.lastAt()).as("the end's time").isEqualTo(zip1.event().occurredAt());
        assertThat(zip1.firstAt()).as("the start's time").isBeforeOrEqualTo(zip1.lastAt());
        assertThat(trail.patientHistory(patientId, "ISSUER", 0, 20).events())
                .as("the trail itself keeps every event")
                .hasSize(7);
    }

    @Test
    void streamWhenCriteriaMatchThenEveryEventOldestFirst() {
        for (String marker : List.of("one", "two", "three")) {
            auditLog.record(event(AuditAction.EXPORT, AuditOutcome.SUCCESS, 7L, "ISSUER", marker));
        }
        List<String> streamed = new ArrayList<>();

        trail.stream(AuditCriteria.forPatient(patientId, "ISSUER"), e -> streamed.add(e.details()));

        assertThat(streamed).containsExactly("{\"marker\":\"one\"}", "{\"marker\":\"two\"}", "{\"marker\":\"three\"}");
    }

    @Test
    void countNotFailedWhenAStartedDownloadLaterFailedThenOnlyTheOthersCount() {
        long actor = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
        Instant since = Instant.now().minusSeconds(60);
        auditLog.record(download(actor, "d1", "started", AuditOutcome.SUCCESS));
        auditLog.record(download(actor, "d2", "started", AuditOutcome.SUCCESS));
        auditLog.record(download(actor, "d2", "finished", AuditOutcome.SUCCESS));
        auditLog.record(download(actor, "d3", "started", AuditOutcome.SUCCESS));
        auditLog.record(download(actor, "d3", "finished", AuditOutcome.SERIOUS_FAILURE));
        Map<String, String> started = Map.of("phase", "started");

        assertThat(trail.countByActorSince(actor, AuditAction.EXPORT, started, since))
                .isEqualTo(3);
        assertThat(trail.countNotFailedByActorSince(actor, AuditAction.EXPORT, started, "download", since))
                .as("d1 still running and d2 completed count, d3 failed does not")
                .isEqualTo(2);
        assertThat(trail.countByActorSince(
                        actor, AuditAction.EXPORT, started, Instant.now().plusSeconds(60)))
                .isZero();
    }

    @Test
    void lastSequenceWhenAnEventIsRecordedThenItsSequence() {
        long before = trail.lastSequence();

        auditLog.record(event(AuditAction.QUERY, AuditOutcome.SUCCESS, 7L, "ISSUER", "last"));

        assertThat(trail.lastSequence()).isEqualTo(before + 1);
        assertThat(trail.search(AuditCriteria.forPatient(patientId, "ISSUER"), 0, 1)
                        .events())
                .extracting(StoredAuditEvent::sequence)
                .containsExactly(before + 1);
    }

    private AuditEvent event(AuditAction action, AuditOutcome outcome, long actor, String issuer, String marker) {
        return AuditEvent.of(action, outcome)
                .actor(actor, "pat@example.test", "PATIENT")
                .patient(patientId, issuer)
                .detail("marker", marker)
                .build();
    }

    private AuditEvent view(long actor, String study, String view, String series) {
        AuditEvent.Builder event = AuditEvent.of(AuditAction.VIEW, AuditOutcome.SUCCESS)
                .actor(actor, "pat@example.test", "PATIENT")
                .patient(patientId, "ISSUER")
                .study(study)
                .detail("view", view);
        if (series != null) {
            event.series(series);
        }
        return event.build();
    }

    private AuditEvent download(long actor, String id, String phase, AuditOutcome outcome) {
        return AuditEvent.of(AuditAction.EXPORT, outcome)
                .actor(actor, "pat@example.test", "PATIENT")
                .patient(patientId, "ISSUER")
                .detail("download", id)
                .detail("phase", phase)
                .build();
    }
}
