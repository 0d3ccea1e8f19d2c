package org.xrayportal.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xrayportal.support.AccountRows;
import org.xrayportal.support.RepositoryTest;

/**
 * {@link ConsentDocuments} and {@link ConsentAcceptances} on the real schema, each test in a transaction rolled back
 * at its end: versions in effect by date, the seeded terms, and at most one acceptance in force per patient.
 */
@RepositoryTest
@Import({ConsentDocuments.class, ConsentAcceptances.class})
class ConsentRepositoriesIT {

    private static final Instant NOW = Instant.parse("2026-11-02T09:00:00Z");

    @Autowired
    ConsentDocuments documents;

    @Autowired
    ConsentAcceptances acceptances;

    @Autowired
    JdbcClient jdbc;

    long patient;
    long admin;

    @BeforeEach
    void accounts() {
        patient = AccountRows.insert(jdbc, "PATIENT");
        admin = AccountRows.insert(jdbc, "ADMIN");
    }

    @Test
    void inEffectAtWhenTheSeededTermsThenVersionTwoFromNovemberAndVersionOneBefore() {
        ConsentDocument terms = documents.inEffectAt(NOW).orElseThrow();

        assertThat(terms.version()).isEqualTo(2);
        assertThat(terms.title()).isEqualTo("Terms of access to your X-ray images");
        assertThat(terms.effectiveFrom()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(terms.body())
                .contains("## Copies, referrals and second opinions\nThe formal way to get a copy of your images, or to"
                        + " have another clinician read them for a second opinion, is a records request or a referral"
                        + " through the clinic.")
                .contains("- Sharing your images beyond your direct care needs your consent: only you decide whether"
                        + " to share them, with whom and for how long.");
        ConsentDocument first =
                documents.inEffectAt(Instant.parse("2026-10-31T23:59:59Z")).orElseThrow();
        assertThat(first.version())
                .as("version 1 stays as patients agreed to it")
                .isEqualTo(1);
        assertThat(first.effectiveFrom()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(first.body()).doesNotContain("records request").doesNotContain("needs your consent");
        assertThat(documents.inEffectAt(Instant.parse("2025-12-31T23:59:59Z"))).isEmpty();
    }

    @Test
    void inEffectAtWhenANewerVersionTakesEffectLaterThenTheOlderUntilThatMoment() {
        Instant tomorrow = NOW.plus(Duration.ofDays(1));
        int next = documents.nextVersionLocked();
        documents.insert(next, "Terms v3", "New text.", tomorrow, NOW, admin);

        assertThat(next).isEqualTo(3);
        assertThat(documents.inEffectAt(NOW).orElseThrow().version()).isEqualTo(2);
        assertThat(documents.inEffectAt(tomorrow).orElseThrow().version()).isEqualTo(3);
        assertThat(documents.all()).extracting(ConsentDocument::version).containsExactly(3, 2, 1);
        assertThat(documents.find(3).orElseThrow().body()).isEqualTo("New text.");
        assertThat(documents.find(4)).isEmpty();
        assertThat(documents.nextVersionLocked()).isEqualTo(4);
    }

    @Test
    void insertWhenTheVersionExistsThenRefusedByTheDatabase() {
        assertThatThrownBy(() -> documents.insert(1, "Again", "Text.", NOW, NOW, admin))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void inForceWhenAcceptedThenThatAcceptanceWithItsClientDetails() {
        assertThat(acceptances.anyEver(patient)).isFalse();

        acceptances.insert(patient, 1, NOW, "198.51.100.7", "Mozilla/5.0 test");

        ConsentAcceptance inForce = acceptances.inForce(patient).orElseThrow();
        assertThat(inForce.version()).isEqualTo(1);
        assertThat(inForce.acceptedAt()).isEqualTo(NOW);
        assertThat(inForce.clientAddress()).isEqualTo("198.51.100.7");
        assertThat(inForce.userAgent()).isEqualTo("Mozilla/5.0 test");
        assertThat(inForce.inForce()).isTrue();
        assertThat(acceptances.inForceForUpdate(patient)).contains(inForce);
        assertThat(acceptances.anyEver(patient)).isTrue();
    }

    @Test
    void insertWhenAnotherAcceptanceIsInForceThenRefusedByTheDatabase() {
        acceptances.insert(patient, 1, NOW, "198.51.100.7", "ua");

        assertThatThrownBy(() -> acceptances.insert(patient, 1, NOW.plusSeconds(1), "198.51.100.7", "ua"))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void endWhenWithdrawnThenNoneInForceAndASecondEndChangesNothing() {
        acceptances.insert(patient, 1, NOW, "198.51.100.7", "ua");
        long id = acceptances.inForce(patient).orElseThrow().id();

        acceptances.end(id, NOW.plusSeconds(60), ConsentAcceptance.EndReason.WITHDRAWN, "198.51.100.8");
        acceptances.end(id, NOW.plusSeconds(120), ConsentAcceptance.EndReason.SUPERSEDED, "198.51.100.9");

        assertThat(acceptances.inForce(patient)).isEmpty();
        ConsentAcceptance ended = acceptances.history(patient).getFirst();
        assertThat(ended.endedAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(ended.endedReason()).isEqualTo(ConsentAcceptance.EndReason.WITHDRAWN);
        assertThat(jdbc.sql("SELECT ended_from_address FROM consent_acceptance WHERE id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo("198.51.100.8");
    }

    @Test
    void endWhenBeforeTheAcceptanceThenRefusedByTheDatabase() {
        acceptances.insert(patient, 1, NOW, "198.51.100.7", "ua");
        long id = acceptances.inForce(patient).orElseThrow().id();

        assertThatThrownBy(() ->
                        acceptances.end(id, NOW.minusSeconds(1), ConsentAcceptance.EndReason.WITHDRAWN, "198.51.100.8"))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void historyWhenAcceptedAgainAfterWithdrawingThenNewestFirstAndOnlyThePatientsOwn() {
        long other = AccountRows.insert(jdbc, "PATIENT");
        acceptances.insert(other, 1, NOW, "203.0.113.1", "ua");
        acceptances.insert(patient, 1, NOW, "198.51.100.7", "ua");
        long first = acceptances.inForce(patient).orElseThrow().id();
        acceptances.end(first, NOW.plusSeconds(60), ConsentAcceptance.EndReason.WITHDRAWN, "198.51.100.7");
        acceptances.insert(patient, 1, NOW.plusSeconds(120), "198.51.100.7", "ua");

        assertThat(acceptances.history(patient))
                .extracting(ConsentAcceptance::acceptedAt, ConsentAcceptance::endedReason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(NOW.plusSeconds(120), null),
                        org.assertj.core.groups.Tuple.tuple(NOW, ConsentAcceptance.EndReason.WITHDRAWN));
    }
}
