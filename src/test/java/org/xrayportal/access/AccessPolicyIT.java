package org.xrayportal.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.xrayportal.access.AccessFixtures.study;
import static org.xrayportal.support.Actors.actor;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.xrayportal.access.StudyAccessPolicy.VisibleStudy;
import org.xrayportal.account.AccountService;
import org.xrayportal.consent.ConsentService;
import org.xrayportal.imaging.PacsGateway;
import org.xrayportal.imaging.TestGateways;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.support.MutableClock;
import org.xrayportal.support.PortalWithPacsTest;
import org.xrayportal.support.TestClockConfiguration;
import org.xrayportal.system.ProblemException;

/** The access policy across scopes, expiry, revocation, consent withdrawal and other patients' studies. */
@PortalWithPacsTest
@Import({TestClockConfiguration.class, AccessFixtures.class})
class AccessPolicyIT {

    static final String KNEE = study("mueller-knee-2024");
    static final String HAND = study("mueller-hand-2023");
    static final String CHEST = study("mueller-chest-2021");
    static final String OTHER_PATIENTS = study("odegard-knee-2024");
    static final String SAME_ID_OTHER_ISSUER = study("nakamura-chest-2023");

    @Autowired
    AccessService access;

    @Autowired
    StudyAccessPolicy policy;

    @Autowired
    ConsentService consents;

    @Autowired
    AccessFixtures fixtures;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AccountService accounts;

    @Autowired
    PacsGateway gateway;

    @Autowired
    PlatformTransactionManager transactions;

    PortalUser patient;
    PortalUser staff;

    @BeforeEach
    void setUp() {
        clock.set(Instant.parse("2026-11-02T09:00:00Z"));
        patient = fixtures.consentingPatient(DemoStudies.MUELLER);
        staff = fixtures.user(Role.STAFF);
    }

    @Test
    void policyWhenNoGrantThenNothingVisible() {
        assertThat(policy.visibleStudies(actor(patient))).isEmpty();
        assertThat(policy.authorize(actor(patient), KNEE)).isEmpty();
    }

    @Test
    void policyWhenOneStudyApprovedThenThatStudyOnly() {
        approve(AccessScope.oneStudy(KNEE), null);

        assertThat(policy.authorize(actor(patient), KNEE)).isPresent();
        assertThat(policy.authorize(actor(patient), HAND)).isEmpty();
        assertThat(policy.authorize(actor(patient), OTHER_PATIENTS)).isEmpty();
        assertThat(uids()).containsExactly(KNEE);
    }

    @Test
    void policyWhenAllStudiesApprovedThenOwnStudiesButNeverAnotherPatientsOrIssuers() {
        approve(AccessScope.allStudies(), null);

        assertThat(uids()).containsExactly(KNEE, HAND, CHEST);
        assertThat(policy.authorize(actor(patient), OTHER_PATIENTS)).isEmpty();
        assertThat(policy.authorize(actor(patient), SAME_ID_OTHER_ISSUER)).isEmpty();
    }

    @Test
    void policyWhenDateRangeApprovedThenStudiesOfThoseDaysOnly() {
        approve(AccessScope.dateRange(LocalDate.of(2023, 1, 1), LocalDate.of(2023, 12, 31)), null);

        assertThat(uids()).containsExactly(HAND);
        assertThat(policy.authorize(actor(patient), KNEE)).isEmpty();
    }

    @Test
    void policyWhenGrantRevokedThenRefusedImmediately() {
        AccessGrant grant = approve(AccessScope.allStudies(), null);
        assertThat(policy.authorize(actor(patient), KNEE)).isPresent();

        access.revoke(actor(staff, "192.0.2.9"), grant.id(), "Identity mix-up reported");

        assertThat(policy.authorize(actor(patient), KNEE)).isEmpty();
        assertThat(policy.visibleStudies(actor(patient))).isEmpty();
        assertThatThrownBy(() -> access.revoke(actor(staff, "192.0.2.9"), grant.id(), "again"))
                .isInstanceOf(ProblemException.class)
                .hasMessage("access.error.alreadyRevoked");
    }

    @Test
    void policyWhenGrantExpiresThenRefusedFromThatMoment() {
        approve(AccessScope.allStudies(), clock.instant().plus(Duration.ofDays(1)));
        assertThat(policy.authorize(actor(patient), KNEE)).isPresent();

        clock.advance(Duration.ofDays(1));

        assertThat(policy.authorize(actor(patient), KNEE)).isEmpty();
    }

    @Test
    void policyWhenConsentWithdrawnThenRefusedAndBackAfterNewConsent() {
        approve(AccessScope.allStudies(), null);
        assertThat(policy.authorize(actor(patient), KNEE)).isPresent();

        consents.withdraw(actor(patient, "192.0.2.1"));

        assertThat(policy.authorize(actor(patient), KNEE)).isEmpty();
        assertThat(policy.visibleStudies(actor(patient))).isEmpty();

        consents.accept(
                actor(patient, "192.0.2.1"),
                consents.currentDocument().orElseThrow().version(),
                "ua");

        assertThat(policy.authorize(actor(patient), KNEE)).isPresent();
    }

    @Test
    void cachedDecisionWhenNothingChangedThenNoPacsSearch() {
        approve(AccessScope.allStudies(), null);
        assertThat(policy.authorize(actor(patient), KNEE)).isPresent();
        // As if the gateway's own study-search cache had expired: only the decision cache can spare the search now.
        TestGateways.studySearchCacheExpired(gateway);
        long searches = pacsSearches();

        assertThat(policy.authorize(actor(patient), KNEE)).isPresent();
        assertThat(policy.authorize(actor(patient), KNEE)).isPresent();

        assertThat(pacsSearches()).isEqualTo(searches);
        // A study the decision cache does not hold still asks the PACS.
        assertThat(policy.authorize(actor(patient), HAND)).isPresent();
        assertThat(pacsSearches()).isEqualTo(searches + 1);
    }

    @Test
    void cachedDecisionWhenStudyListReadThenStudyPageNeedsNoPacsSearch() {
        approve(AccessScope.allStudies(), null);
        assertThat(uids()).containsExactly(KNEE, HAND, CHEST);
        TestGateways.studySearchCacheExpired(gateway);
        long searches = pacsSearches();

        assertThat(policy.authorize(actor(patient), CHEST)).isPresent();

        assertThat(pacsSearches()).isEqualTo(searches);
    }

    @Test
    void cachedDecisionWhenGrantRevokedByAnyWriterThenRefusedOnTheNextRequest() {
        AccessGrant grant = approve(AccessScope.allStudies(), null);
        assertThat(policy.authorize(actor(patient), KNEE)).isPresent();

        // Not through the service: the database triggers raise the access version for every writer.
        jdbc.sql("UPDATE access_grant SET revoked_at = ?, revoke_reason = 'manual' WHERE id = ?")
                .param(java.sql.Timestamp.from(clock.instant()))
                .param(grant.id())
                .update();

        assertThat(policy.authorize(actor(patient), KNEE)).isEmpty();
    }

    @Test
    void cachedDecisionWhenRevokedThroughOneNodeThenAnotherNodesCacheRefusesOnTheNextRequest() {
        AccessGrant grant = approve(AccessScope.allStudies(), null);
        // A second application node: its own decision cache, sharing only the database (and the PACS).
        StudyAccessPolicy secondNode = new StudyAccessPolicy(
                accounts, consents, access, gateway, new AccessVersions(jdbc), clock, Duration.ofMinutes(1));
        assertThat(secondNode.authorize(actor(patient), KNEE)).isPresent();
        assertThat(policy.authorize(actor(patient), KNEE)).isPresent();

        access.revoke(actor(staff, "192.0.2.9"), grant.id(), "Identity mix-up reported");

        assertThat(secondNode.authorize(actor(patient), KNEE)).isEmpty();
        assertThat(policy.authorize(actor(patient), KNEE)).isEmpty();
    }

    @Test
    void cachedDecisionWhenMadeInsideARolledBackChangeThenNotReusedAfterTheNextChange() {
        AccessGrant grant = approve(AccessScope.allStudies(), null);
        access.revoke(actor(staff, "192.0.2.9"), grant.id(), "Identity mix-up reported");
        assertThat(policy.authorize(actor(patient), KNEE)).isEmpty();

        new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            jdbc.sql("UPDATE access_grant SET revoked_at = NULL, revoke_reason = NULL WHERE id = ?")
                    .param(grant.id())
                    .update();
            assertThat(policy.authorize(actor(patient), KNEE)).isPresent();
            tx.setRollbackOnly();
        });
        // The next committed change must not take the rolled-back change's version (a counter would: n+1 again).
        approve(AccessScope.oneStudy(HAND), null);

        assertThat(policy.authorize(actor(patient), KNEE)).isEmpty();
        assertThat(policy.authorize(actor(patient), HAND)).isPresent();
    }

    @Test
    void cachedDecisionWhenIdentityRelinkedOrImagesSuspendedThenRefused() {
        approve(AccessScope.allStudies(), null);
        assertThat(policy.authorize(actor(patient), KNEE)).isPresent();

        jdbc.sql("UPDATE patient_identity_link SET images_suspended_at = now() WHERE account_id = ?")
                .param(patient.id())
                .update();
        assertThat(policy.authorize(actor(patient), KNEE)).isEmpty();

        jdbc.sql("UPDATE patient_identity_link SET images_suspended_at = NULL WHERE account_id = ?")
                .param(patient.id())
                .update();
        assertThat(policy.authorize(actor(patient), KNEE)).isPresent();

        jdbc.sql("UPDATE patient_identity_link SET patient_id = patient_id || '-X' WHERE account_id = ?")
                .param(patient.id())
                .update();
        assertThat(policy.authorize(actor(patient), KNEE)).isEmpty();
    }

    @Test
    void cachedDecisionWhenGrantExpiresThenRefusedAtThatInstantWithoutAnyWrite() {
        approve(AccessScope.allStudies(), clock.instant().plus(Duration.ofHours(1)));
        approve(AccessScope.oneStudy(KNEE), null);
        assertThat(policy.authorize(actor(patient), HAND)).isPresent();

        clock.advance(Duration.ofHours(1).minusMillis(1));
        assertThat(policy.authorize(actor(patient), HAND)).isPresent();
        clock.advance(Duration.ofMillis(1));

        assertThat(policy.authorize(actor(patient), HAND)).isEmpty();
        assertThat(policy.authorize(actor(patient), KNEE)).isPresent();
    }

    @Test
    void cachedDecisionWhenNewConsentVersionTakesEffectThenRefusedFromThatMoment() {
        approve(AccessScope.allStudies(), null);
        Instant effective = clock.instant().plus(Duration.ofDays(1));
        int version = consents.currentDocument().orElseThrow().version() + 1;
        try {
            jdbc.sql(
                            "INSERT INTO consent_document (version, title, body, effective_from) VALUES (?, 'Terms', 'New', ?)")
                    .param(version)
                    .param(java.sql.Timestamp.from(effective))
                    .update();
            assertThat(policy.authorize(actor(patient), KNEE)).isPresent();

            clock.set(effective);

            assertThat(policy.authorize(actor(patient), KNEE)).isEmpty();
        } finally {
            jdbc.sql("DELETE FROM consent_document WHERE version = ?")
                    .param(version)
                    .update();
        }
    }

    @Test
    void rememberedScopeWhenGrantRevokedByAnyWriterThenStudyListAndStudiesNotAskedBeforeAreRefused() {
        AccessGrant grant = approve(AccessScope.allStudies(), null);
        // The account's scope (link, consent, grants) is now remembered; HAND was never decided on its own.
        assertThat(policy.authorize(actor(patient), KNEE)).isPresent();

        jdbc.sql("UPDATE access_grant SET revoked_at = ?, revoke_reason = 'manual' WHERE id = ?")
                .param(java.sql.Timestamp.from(clock.instant()))
                .param(grant.id())
                .update();

        assertThat(uids()).isEmpty();
        assertThat(policy.authorize(actor(patient), HAND)).isEmpty();
    }

    @Test
    void rememberedScopeWhenGrantExpiresThenStudyListEmptyFromThatInstantWithoutAnyWrite() {
        approve(AccessScope.allStudies(), clock.instant().plus(Duration.ofHours(1)));
        assertThat(uids()).containsExactly(KNEE, HAND, CHEST);

        clock.advance(Duration.ofHours(1));

        assertThat(uids()).isEmpty();
        assertThat(policy.authorize(actor(patient), HAND)).isEmpty();
    }

    @Test
    void policyWhenStaffOrMalformedUidThenNothing() {
        approve(AccessScope.allStudies(), null);

        assertThat(policy.authorize(actor(staff), KNEE)).isEmpty();
        assertThat(policy.authorize(actor(patient), "1.2.3*")).isEmpty();
        assertThat(policy.authorize(actor(patient), "../../studies")).isEmpty();
    }

    @Test
    void downloadWhenAnyCoveringGrantAllowsItThenAllowed() {
        approve(AccessScope.allStudies(), null, false);
        approve(AccessScope.oneStudy(KNEE), null, true);

        assertThat(policy.authorize(actor(patient), KNEE).map(VisibleStudy::allowDownload))
                .contains(true);
        assertThat(policy.authorize(actor(patient), HAND).map(VisibleStudy::allowDownload))
                .contains(false);
    }

    @Test
    void submitWhenStudyIsAnotherPatientsThenRejected() {
        assertThatThrownBy(() -> access.submit(
                        actor(patient, "192.0.2.1"),
                        AccessScope.oneStudy(OTHER_PATIENTS),
                        null,
                        AccessRequest.Format.VIEW))
                .isInstanceOf(ProblemException.class)
                .hasMessage("access.error.study");
        assertThat(access.requestsOf(patient.id())).isEmpty();
    }

    @Test
    void submitWhenAccountNotLinkedThenConflict() {
        PortalUser unlinked = fixtures.user(Role.PATIENT);

        assertThatThrownBy(() -> access.submit(
                        actor(unlinked, "192.0.2.1"), AccessScope.allStudies(), null, AccessRequest.Format.VIEW))
                .isInstanceOf(ProblemException.class)
                .hasMessage("access.error.notLinked");
    }

    @Test
    void submitWhenNoCurrentConsentThenConflict() {
        consents.withdraw(actor(patient, "192.0.2.1"));

        assertThatThrownBy(() -> access.submit(
                        actor(patient, "192.0.2.1"), AccessScope.allStudies(), null, AccessRequest.Format.VIEW))
                .isInstanceOf(ProblemException.class)
                .hasMessage("access.error.noConsent");
    }

    @Test
    void approveWhenAccountIsNoLongerLinkedThenConflictAndNoGrant() {
        AccessRequest request = submit(AccessScope.allStudies());
        jdbc.sql("DELETE FROM patient_identity_link WHERE account_id = ?")
                .param(patient.id())
                .update();

        assertThatThrownBy(
                        () -> access.approve(actor(staff, "ip"), request.id(), AccessScope.allStudies(), null, false))
                .isInstanceOf(ProblemException.class)
                .hasMessage("access.error.approveUnlinked");
        assertThat(access.request(request.id()).status()).isEqualTo(AccessRequest.Status.SUBMITTED);
        assertThat(access.grantsOf(patient.id())).isEmpty();
    }

    @Test
    void decideWhenAlreadyDecidedThenConflict() {
        AccessRequest request = submit(AccessScope.allStudies());
        access.deny(actor(staff, "ip"), request.id(), "We could not confirm the request");

        assertThatThrownBy(
                        () -> access.approve(actor(staff, "ip"), request.id(), AccessScope.allStudies(), null, false))
                .isInstanceOf(ProblemException.class)
                .hasMessage("access.error.alreadyDecided.DENIED")
                .extracting(e -> ((ProblemException) e).status().value())
                .isEqualTo(409);
        assertThatThrownBy(() -> access.deny(actor(staff, "ip"), request.id(), "again"))
                .isInstanceOf(ProblemException.class)
                .hasMessage("access.error.alreadyDecided.DENIED");
        assertThat(access.grantsOf(patient.id())).isEmpty();
    }

    @Test
    void denyWhenNoReasonThenRejected() {
        AccessRequest request = submit(AccessScope.allStudies());

        assertThatThrownBy(() -> access.deny(actor(staff, "ip"), request.id(), "  "))
                .isInstanceOf(ProblemException.class)
                .hasMessage("access.error.denyReason");
        assertThat(access.request(request.id()).isPending()).isTrue();
    }

    @Test
    void withdrawWhenPendingThenWithdrawnAndNotDecidable() {
        AccessRequest request = submit(AccessScope.allStudies());

        access.withdraw(actor(patient, "ip"), request.id());

        assertThat(access.request(request.id()).status()).isEqualTo(AccessRequest.Status.WITHDRAWN);
        assertThatThrownBy(
                        () -> access.approve(actor(staff, "ip"), request.id(), AccessScope.allStudies(), null, false))
                .isInstanceOf(ProblemException.class)
                .hasMessage("access.error.alreadyDecided.WITHDRAWN");
    }

    @Test
    void withdrawWhenAnotherPatientsRequestThenNotFound() {
        AccessRequest request = submit(AccessScope.allStudies());
        PortalUser other = fixtures.consentingPatient(DemoStudies.ODEGARD);

        assertThatThrownBy(() -> access.withdraw(actor(other, "ip"), request.id()))
                .isInstanceOf(ProblemException.class)
                .extracting(e -> ((ProblemException) e).status().value())
                .isEqualTo(404);
        assertThat(access.request(request.id()).isPending()).isTrue();
    }

    @Test
    void extendWhenOnceWithReasonWithinThirtyDaysThenNewDueDateAndNoSecondExtension() {
        AccessRequest request = submit(AccessScope.allStudies());
        Instant newDue = request.dueAt().plus(Duration.ofDays(30));

        assertThatThrownBy(() -> access.extend(actor(staff, "ip"), request.id(), newDue.plusSeconds(1), "reason"))
                .hasMessage("access.error.extensionDate");
        assertThatThrownBy(() -> access.extend(actor(staff, "ip"), request.id(), newDue, " "))
                .hasMessage("access.error.extensionReason");

        access.extend(actor(staff, "ip"), request.id(), newDue, "Films must be retrieved from the archive");

        AccessRequest extended = access.request(request.id());
        assertThat(extended.dueAt()).isEqualTo(newDue);
        assertThat(extended.extensionReason()).isEqualTo("Films must be retrieved from the archive");
        assertThatThrownBy(() -> access.extend(actor(staff, "ip"), request.id(), newDue.plusSeconds(60), "again"))
                .hasMessage("access.error.alreadyExtended");
    }

    @Test
    void clockWhenRequestsOfDifferentAgesThenFlaggedAt20AndOverdueAfter30Days() {
        AccessRequest fresh = submit(AccessScope.allStudies());
        clock.advance(Duration.ofDays(19));

        assertThat(fresh.daysElapsed(clock.instant(), java.time.ZoneOffset.UTC)).isEqualTo(19);
        assertThat(access.request(fresh.id()).clock(clock.instant())).isEqualTo(AccessRequest.Clock.ON_TIME);

        clock.advance(Duration.ofDays(1));
        assertThat(access.request(fresh.id()).clock(clock.instant())).isEqualTo(AccessRequest.Clock.DUE_SOON);

        clock.advance(Duration.ofDays(10).plusSeconds(1));
        assertThat(access.request(fresh.id()).clock(clock.instant())).isEqualTo(AccessRequest.Clock.OVERDUE);
    }

    private AccessRequest submit(AccessScope scope) {
        return access.submit(actor(patient, "192.0.2.1"), scope, "Please", AccessRequest.Format.VIEW);
    }

    private AccessGrant approve(AccessScope scope, Instant expiresAt) {
        return approve(scope, expiresAt, false);
    }

    private AccessGrant approve(AccessScope scope, Instant expiresAt, boolean download) {
        AccessRequest request = submit(scope);
        return access.approve(actor(staff, "192.0.2.9"), request.id(), scope, expiresAt, download);
    }

    private static long pacsSearches() {
        return Metrics.globalRegistry.find("portal.pacs.calls").tag("operation", "search").timers().stream()
                .mapToLong(Timer::count)
                .sum();
    }

    private java.util.List<String> uids() {
        return policy.visibleStudies(actor(patient)).stream()
                .map(v -> v.study().studyInstanceUid())
                .toList();
    }
}
