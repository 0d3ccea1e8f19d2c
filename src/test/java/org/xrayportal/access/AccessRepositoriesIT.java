package org.xrayportal.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xrayportal.support.AccountRows;
import org.xrayportal.support.RepositoryTest;

/**
 * {@link AccessRequests} and {@link AccessGrants} on the real schema, each test in a transaction rolled back at its
 * end (so the queue holds exactly what the test put in): what is stored and read back, the queue order, and the
 * guarded updates that let only one of two concurrent decisions win.
 */
@RepositoryTest
@Import({AccessRequests.class, AccessGrants.class})
class AccessRepositoriesIT {

    private static final Instant NOW = Instant.parse("2026-11-02T09:00:00Z");
    private static final String STUDY = "1.2.826.0.1.3680043.2.1125.1.42";

    @Autowired
    AccessRequests requests;

    @Autowired
    AccessGrants grants;

    @Autowired
    JdbcClient jdbc;

    long patient;
    long staff;

    @BeforeEach
    void accounts() {
        patient = AccountRows.insert(jdbc, "PATIENT");
        staff = AccountRows.insert(jdbc, "STAFF");
    }

    @Test
    void findWhenInsertedThenEveryFieldAsSubmitted() {
        AccessScope range = AccessScope.dateRange(LocalDate.of(2020, 1, 1), LocalDate.of(2024, 12, 31));
        long id =
                requests.insert(AccessRequest.submit(patient, range, "For my GP", AccessRequest.Format.DOWNLOAD, NOW));

        AccessRequest stored = requests.find(id).orElseThrow();

        assertThat(stored.id()).isEqualTo(id);
        assertThat(stored.accountId()).isEqualTo(patient);
        assertThat(stored.scope()).isEqualTo(range);
        assertThat(stored.message()).isEqualTo("For my GP");
        assertThat(stored.preferredFormat()).isEqualTo(AccessRequest.Format.DOWNLOAD);
        assertThat(stored.status()).isEqualTo(AccessRequest.Status.SUBMITTED);
        assertThat(stored.submittedAt()).isEqualTo(NOW);
        assertThat(stored.dueAt()).isEqualTo(NOW.plus(AccessRequest.RESPONSE_TIME));
        assertThat(stored.decidedAt()).isNull();
        assertThat(stored.extendedBy()).isNull();
        assertThat(requests.find(id + 1000)).isEmpty();
    }

    @Test
    void queueWhenRequestsOfSeveralAgesAndStatusesThenOldestFirstFilteredAndPaged() {
        long newest = submit(NOW.minus(Duration.ofDays(1)));
        long oldest = submit(NOW.minus(Duration.ofDays(31)));
        long middle = submit(NOW.minus(Duration.ofDays(10)));
        long decided = submit(NOW.minus(Duration.ofDays(40)));
        AccessRequest request = requests.find(decided).orElseThrow();
        assertThat(requests.update(request.deny(staff, "Not held here", NOW), AccessRequest.Status.SUBMITTED, null))
                .isTrue();

        assertThat(requests.queue(AccessRequest.Status.SUBMITTED, 0, 10))
                .extracting(AccessRequest::id)
                .containsExactly(oldest, middle, newest);
        assertThat(requests.queue(AccessRequest.Status.SUBMITTED, 1, 1))
                .extracting(AccessRequest::id)
                .containsExactly(middle);
        assertThat(requests.queue(null, 0, 10))
                .extracting(AccessRequest::id)
                .containsExactly(decided, oldest, middle, newest);
        assertThat(requests.count(AccessRequest.Status.SUBMITTED)).isEqualTo(3);
        assertThat(requests.count(AccessRequest.Status.DENIED)).isEqualTo(1);
        assertThat(requests.count(null)).isEqualTo(4);
        assertThat(requests.ofAccount(patient))
                .extracting(AccessRequest::id)
                .containsExactly(newest, middle, oldest, decided);
    }

    @Test
    void insertWhenTheSameScopeIsAlreadyPendingThenTheDatabaseRefusesIt() {
        AccessScope knee = AccessScope.oneStudy(STUDY);
        long first = requests.insert(AccessRequest.submit(patient, knee, null, AccessRequest.Format.VIEW, NOW));
        long otherStudy = requests.insert(AccessRequest.submit(
                patient, AccessScope.oneStudy(STUDY + ".2"), null, AccessRequest.Format.VIEW, NOW));
        long all = requests.insert(
                AccessRequest.submit(patient, AccessScope.allStudies(), null, AccessRequest.Format.VIEW, NOW));
        long otherPatient = requests.insert(
                AccessRequest.submit(AccountRows.insert(jdbc, "PATIENT"), knee, null, AccessRequest.Format.VIEW, NOW));

        assertThat(requests.pendingFor(patient, knee)).map(AccessRequest::id).contains(first);
        assertThat(requests.pendingFor(patient, AccessScope.allStudies()))
                .map(AccessRequest::id)
                .contains(all);
        assertThat(requests.pendingFor(patient, AccessScope.oneStudy(STUDY + ".3")))
                .isEmpty();
        assertThat(List.of(first, otherStudy, all, otherPatient)).doesNotHaveDuplicates();
        assertThatThrownBy(() -> requests.insert(AccessRequest.submit(
                        patient, knee, "again", AccessRequest.Format.DOWNLOAD, NOW.plusSeconds(1))))
                .isInstanceOf(DuplicateKeyException.class)
                .hasMessageContaining("access_request_one_pending_per_scope_idx");
    }

    @Test
    void insertWhenTheEarlierRequestOfTheScopeIsWithdrawnThenANewOneIsPending() {
        AccessScope range = AccessScope.dateRange(LocalDate.of(2020, 1, 1), LocalDate.of(2024, 12, 31));
        long first = requests.insert(AccessRequest.submit(patient, range, null, AccessRequest.Format.VIEW, NOW));
        AccessRequest read = requests.find(first).orElseThrow();
        assertThat(requests.update(read.withdraw(NOW), AccessRequest.Status.SUBMITTED, null))
                .isTrue();

        long second = requests.insert(
                AccessRequest.submit(patient, range, null, AccessRequest.Format.VIEW, NOW.plusSeconds(60)));

        assertThat(requests.pendingFor(patient, range)).map(AccessRequest::id).contains(second);
    }

    @Test
    void updateWhenAnotherDecisionWasSavedFirstThenFalseAndTheFirstStays() {
        long id = submit(NOW);
        AccessRequest read = requests.find(id).orElseThrow();
        long otherStaff = AccountRows.insert(jdbc, "STAFF");

        boolean approved = requests.update(read.approve(staff, NOW), AccessRequest.Status.SUBMITTED, null);
        boolean denied = requests.update(read.deny(otherStaff, "Too late", NOW), AccessRequest.Status.SUBMITTED, null);

        assertThat(approved).isTrue();
        assertThat(denied).isFalse();
        AccessRequest stored = requests.find(id).orElseThrow();
        assertThat(stored.status()).isEqualTo(AccessRequest.Status.APPROVED);
        assertThat(stored.decidedBy()).isEqualTo(staff);
        assertThat(stored.decisionReason()).isNull();
    }

    @Test
    void updateWhenExtendedMeanwhileThenASecondExtensionReadBeforeItIsRefused() {
        long id = submit(NOW);
        AccessRequest read = requests.find(id).orElseThrow();
        Instant later = read.dueAt().plus(Duration.ofDays(10));

        boolean first = requests.update(
                read.extend(staff, later, "Archive migration", NOW), AccessRequest.Status.SUBMITTED, null);
        boolean second = requests.update(
                read.extend(staff, later.plus(Duration.ofDays(5)), "Again", NOW), AccessRequest.Status.SUBMITTED, null);

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        AccessRequest stored = requests.find(id).orElseThrow();
        assertThat(stored.dueAt()).isEqualTo(later);
        assertThat(stored.extendedAt()).isEqualTo(NOW);
        assertThat(stored.extensionReason()).isEqualTo("Archive migration");
    }

    @Test
    void grantWhenInsertedThenFoundByIdRequestAndAccount() {
        long request = submit(NOW);
        Instant expires = NOW.plus(Duration.ofDays(90));
        long id = grants.insert(grant(request, AccessScope.oneStudy(STUDY), expires));

        AccessGrant stored = grants.find(id).orElseThrow();

        assertThat(stored.requestId()).isEqualTo(request);
        assertThat(stored.accountId()).isEqualTo(patient);
        assertThat(stored.scope()).isEqualTo(AccessScope.oneStudy(STUDY));
        assertThat(stored.allowDownload()).isTrue();
        assertThat(stored.grantedAt()).isEqualTo(NOW);
        assertThat(stored.grantedBy()).isEqualTo(staff);
        assertThat(stored.expiresAt()).isEqualTo(expires);
        assertThat(stored.isActiveAt(NOW)).isTrue();
        assertThat(grants.ofRequest(request)).contains(stored);
        assertThat(grants.ofAccount(patient)).containsExactly(stored);
        assertThat(grants.ofAccount(staff)).isEmpty();
    }

    @Test
    void insertWhenTheRequestAlreadyHasAGrantThenRefusedByTheDatabase() {
        long request = submit(NOW);
        grants.insert(grant(request, AccessScope.allStudies(), null));

        assertThatThrownBy(() -> grants.insert(grant(request, AccessScope.allStudies(), null)))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void revokeWhenAlreadyRevokedThenFalseAndTheFirstRevocationStays() {
        long id = grants.insert(grant(submit(NOW), AccessScope.allStudies(), null));
        AccessGrant read = grants.find(id).orElseThrow();
        long otherStaff = AccountRows.insert(jdbc, "STAFF");

        boolean first = grants.revoke(read.revoke(staff, "Identity in doubt", NOW.plusSeconds(60)));
        boolean second = grants.revoke(read.revoke(otherStaff, "Duplicate", NOW.plusSeconds(120)));

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        AccessGrant stored = grants.find(id).orElseThrow();
        assertThat(stored.revokedAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(stored.revokedBy()).isEqualTo(staff);
        assertThat(stored.revokeReason()).isEqualTo("Identity in doubt");
        assertThat(stored.isActiveAt(NOW.plusSeconds(61))).isFalse();
    }

    /** A request for the studies of the day it is sent (one pending request per scope: each day is its own). */
    private long submit(Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return requests.insert(
                AccessRequest.submit(patient, AccessScope.dateRange(day, day), null, AccessRequest.Format.VIEW, at));
    }

    private AccessGrant grant(long request, AccessScope scope, Instant expires) {
        return new AccessGrant(0, request, patient, scope, true, NOW, staff, expires, null, null, null);
    }
}
