package org.xrayportal.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xrayportal.shared.PatientIdentity;
import org.xrayportal.support.IdentityStudies;
import org.xrayportal.support.OrthancSupport;

/**
 * Identifiers with spaces, {@code + & % # /} and non-ASCII issuers, each next to a look-alike of the same length: the
 * real Orthanc must return exactly the identity's own studies through the gateway, and the patient lookup must keep
 * issuers apart.
 */
@ExtendWith(OrthancSupport.class)
class HostileIdentityIT {

    private static PacsGateway gateway;
    private static OrthancSupport.Pacs pacs;

    @BeforeAll
    static void seed(OrthancSupport.Pacs orthanc) {
        pacs = orthanc;
        gateway = new DicomWebPacsGateway(TestPacsProperties.forBaseUrl(orthanc.dicomWebUrl()));
        store("MRN 77", "XRAY-CLINIC", "space");
        store("MRNx77", "XRAY-CLINIC", "space-lookalike");
        store("A+B&C", "XRAY-CLINIC", "plus-amp");
        store("A B C", "XRAY-CLINIC", "plus-amp-lookalike");
        store("50%#/1", "XRAY-CLINIC", "percent-hash-slash");
        store("50x#/1", "XRAY-CLINIC", "percent-lookalike");
        store("H-1", "Klinik Süd", "umlaut");
        store("H-1", "Klinik Sud", "umlaut-lookalike");
        store("H-1", "Klinik Nord", "umlaut-other");
        store("Ünal-1", "", "non-ascii-id");
        store("Unal-1", "", "non-ascii-id-lookalike");
    }

    private static void store(String patientId, String issuer, String key) {
        IdentityStudies.store(
                pacs.dicomWebUrl(),
                "hostile-" + key,
                IdentityStudies.patient(patientId, issuer, "Test^hostile-" + key, LocalDate.of(1980, 1, 1)),
                LocalDate.of(2024, 1, 1));
    }

    @ParameterizedTest(name = "[{0}] / [{1}] sees only {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "MRN 77|XRAY-CLINIC|space",
                "MRNx77|XRAY-CLINIC|space-lookalike",
                "A+B&C|XRAY-CLINIC|plus-amp",
                "A B C|XRAY-CLINIC|plus-amp-lookalike",
                "50%#/1|XRAY-CLINIC|percent-hash-slash",
                "H-1|Klinik Süd|umlaut",
                "H-1|Klinik Sud|umlaut-lookalike",
                "Ünal-1||non-ascii-id",
            })
    void searchWhenIdentifierHasSpecialCharactersThenExactlyItsOwnStudies(String id, String issuer, String key) {
        PatientIdentity identity = PatientIdentity.of(id, issuer);
        assertThat(gateway.searchStudies(identity, DateRange.ANY))
                .extracting(Study::description)
                .containsExactly("Hand hostile-" + key);
    }

    @Test
    void findPatientsWhenNonAsciiIssuerThenReturnedAsStored() {
        List<PacsPatient> found = gateway.findPatients(PatientIdentity.of("H-1", "Klinik Süd"));
        assertThat(found).singleElement().satisfies(p -> {
            assertThat(p.identity()).isEqualTo(PatientIdentity.of("H-1", "Klinik Süd"));
            assertThat(p.name()).isEqualTo("Test^hostile-umlaut");
            assertThat(p.birthDate()).isEqualTo(LocalDate.of(1980, 1, 1));
            assertThat(p.numberOfStudies()).isEqualTo(1);
            assertThat(p.latestStudyDate()).isEqualTo(LocalDate.of(2024, 1, 1));
        });
    }

    @Test
    void findPatientsWithoutIssuerThenOneEntryPerIssuerNeverMerged() {
        assertThat(gateway.findPatients(PatientIdentity.of("H-1")))
                .extracting(p -> p.identity().issuer(), PacsPatient::name)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Klinik Nord", "Test^hostile-umlaut-other"),
                        org.assertj.core.groups.Tuple.tuple("Klinik Sud", "Test^hostile-umlaut-lookalike"),
                        org.assertj.core.groups.Tuple.tuple("Klinik Süd", "Test^hostile-umlaut"));
    }

    @Test
    void searchWhenIdentityWithoutIssuerAndPatientIdUnderSeveralIssuersThenNothing() {
        assertThat(gateway.searchStudies(PatientIdentity.of("H-1"), DateRange.ANY))
                .isEmpty();
        String own = IdentityStudies.store(
                pacs.dicomWebUrl(),
                "hostile-umlaut",
                IdentityStudies.patient("H-1", "Klinik Süd", "Test^hostile-umlaut", LocalDate.of(1980, 1, 1)),
                LocalDate.of(2024, 1, 1));
        assertThat(gateway.listSeries(PatientIdentity.of("H-1", "Klinik Süd"), own))
                .hasSize(1);
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
                        PacsException.class, () -> gateway.listSeries(PatientIdentity.of("H-1"), own)))
                .extracting(PacsException::kind)
                .isEqualTo(PacsException.Kind.NOT_FOUND);
        assertThat(gateway.listSeries(PatientIdentity.of("H-1", "Klinik Süd"), own))
                .hasSize(1);
    }

    @Test
    void findPatientsWhenPatientIdUnknownThenEmpty() {
        assertThat(gateway.findPatients(PatientIdentity.of("NOBODY-4711"))).isEmpty();
    }
}
