package org.xrayportal.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.xrayportal.support.Actors.actor;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.xrayportal.account.AccountService;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.support.MutableClock;
import org.xrayportal.support.PortalIntegrationTest;
import org.xrayportal.support.TestClockConfiguration;
import org.xrayportal.system.ProblemException;

@PortalIntegrationTest
@Import(TestClockConfiguration.class)
class ConsentServiceIT {

    @Autowired
    ConsentService consents;

    @Autowired
    AccountService accounts;

    @Autowired
    UserDetailsService users;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    PortalUser patient;
    PortalUser admin;

    @BeforeEach
    void accounts() {
        clock.set(Instant.parse("2026-11-02T09:00:00Z"));
        patient = create(Role.PATIENT);
        admin = create(Role.ADMIN);
    }

    @Test
    void statusWhenNeverAgreedThenNotGivenAndNoConsent() {
        ConsentStatus status = consents.statusOf(patient.id());

        assertThat(status.state()).isEqualTo(ConsentStatus.State.NOT_GIVEN);
        assertThat(status.current().version()).isEqualTo(currentVersion());
        assertThat(consents.hasCurrentConsent(patient.id())).isFalse();
    }

    @Test
    void acceptWhenCurrentVersionThenRecordedWithClientDetailsAndAudited() {
        int version = currentVersion();

        boolean recorded = consents.accept(actor(patient, "198.51.100.7"), version, "Mozilla/5.0 test");

        assertThat(recorded).isTrue();
        assertThat(consents.hasCurrentConsent(patient.id())).isTrue();
        ConsentAcceptance acceptance = consents.history(patient.id()).getFirst();
        assertThat(acceptance.version()).isEqualTo(version);
        assertThat(acceptance.acceptedAt()).isEqualTo(clock.instant());
        assertThat(acceptance.clientAddress()).isEqualTo("198.51.100.7");
        assertThat(acceptance.userAgent()).isEqualTo("Mozilla/5.0 test");
        assertThat(auditCount("CONSENT_GIVEN")).isEqualTo(1);
    }

    @Test
    void acceptWhenSubmittedTwiceThenOneAcceptance() {
        consents.accept(actor(patient, "198.51.100.7"), currentVersion(), "ua");

        boolean recordedAgain = consents.accept(actor(patient, "198.51.100.7"), currentVersion(), "ua");

        assertThat(recordedAgain).isFalse();
        assertThat(consents.history(patient.id())).hasSize(1);
    }

    @Test
    void acceptWhenVersionIsNotTheOneInEffectThenConflictAndNothingRecorded() {
        int stale = currentVersion() - 1;

        assertThatThrownBy(() -> consents.accept(actor(patient, "198.51.100.7"), stale, "ua"))
                .isInstanceOf(ProblemException.class)
                .extracting(e -> ((ProblemException) e).messageKey())
                .isEqualTo("consent.error.versionChanged");
        assertThat(consents.history(patient.id())).isEmpty();
    }

    @Test
    void termsVersionTwoWhenAPatientAgreedToVersionOneThenTheyAreAskedToAgreeAgain() {
        clock.set(Instant.parse("2026-10-15T09:00:00Z"));
        assertThat(currentVersion()).isEqualTo(1);
        consents.accept(actor(patient, "198.51.100.7"), 1, "ua");
        assertThat(consents.hasCurrentConsent(patient.id())).isTrue();

        clock.set(Instant.parse("2026-11-02T09:00:00Z"));

        ConsentStatus status = consents.statusOf(patient.id());
        assertThat(status.state()).isEqualTo(ConsentStatus.State.NEEDS_RENEWAL);
        assertThat(status.current().version()).isEqualTo(2);
        assertThat(consents.hasCurrentConsent(patient.id())).isFalse();
    }

    @Test
    void newVersionWhenItTakesEffectThenPatientMustAgreeAgain() {
        consents.accept(actor(patient, "198.51.100.7"), currentVersion(), "ua");
        Instant tomorrow = clock.instant().plus(Duration.ofDays(1));
        ConsentDocument next = consents.publish(actor(admin, "203.0.113.9"), "Terms v-next", "New text.", tomorrow);

        assertThat(consents.hasCurrentConsent(patient.id()))
                .as("a version not yet in effect changes nothing")
                .isTrue();

        clock.advance(Duration.ofDays(2));

        ConsentStatus status = consents.statusOf(patient.id());
        assertThat(status.state()).isEqualTo(ConsentStatus.State.NEEDS_RENEWAL);
        assertThat(status.current().version()).isEqualTo(next.version());
        assertThat(consents.hasCurrentConsent(patient.id())).isFalse();

        consents.accept(actor(patient, "198.51.100.7"), next.version(), "ua");

        assertThat(consents.hasCurrentConsent(patient.id())).isTrue();
        assertThat(consents.history(patient.id()))
                .extracting(ConsentAcceptance::endedReason)
                .containsExactly(null, ConsentAcceptance.EndReason.SUPERSEDED);
        assertThat(auditCount("CONSENT_PUBLISHED")).isEqualTo(1);
    }

    @Test
    void withdrawWhenAgreedThenNoConsentImmediatelyAndAudited() {
        consents.accept(actor(patient, "198.51.100.7"), currentVersion(), "ua");

        consents.withdraw(actor(patient, "198.51.100.8"));

        assertThat(consents.hasCurrentConsent(patient.id())).isFalse();
        assertThat(consents.statusOf(patient.id()).state()).isEqualTo(ConsentStatus.State.WITHDRAWN);
        assertThat(consents.history(patient.id()).getFirst().endedReason())
                .isEqualTo(ConsentAcceptance.EndReason.WITHDRAWN);
        assertThat(auditCount("CONSENT_WITHDRAWN")).isEqualTo(1);
    }

    @Test
    void withdrawWhenNothingInForceThenConflict() {
        assertThatThrownBy(() -> consents.withdraw(actor(patient, "198.51.100.8")))
                .isInstanceOf(ProblemException.class)
                .extracting(e -> ((ProblemException) e).messageKey())
                .isEqualTo("consent.error.nothingToWithdraw");
    }

    @Test
    void seededTermsCoverTheNoticeTopics() {
        String body = consents.document(1).orElseThrow().body();

        assertThat(body)
                .contains("right to see them")
                .contains("not a diagnosis")
                .contains("not a calibrated diagnostic display")
                .contains("consultation")
                .contains("second opinion")
                .contains("email")
                .contains("audit log")
                .contains("withdraw");
    }

    private int currentVersion() {
        return consents.currentDocument().orElseThrow().version();
    }

    private long auditCount(String action) {
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE action = ? AND actor_id IN (?, ?)")
                .params(action, patient.id(), admin.id())
                .query(Long.class)
                .single();
    }

    private PortalUser create(Role role) {
        String email = role.name().toLowerCase() + "-" + UUID.randomUUID() + "@example.test";
        accounts.create(email, "Test " + role, role, "correct horse battery staple");
        return (PortalUser) users.loadUserByUsername(email);
    }
}
