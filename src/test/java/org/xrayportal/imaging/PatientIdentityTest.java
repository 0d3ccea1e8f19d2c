package org.xrayportal.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xrayportal.shared.PatientIdentity;

class PatientIdentityTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "*", "?*", "1001\\1002", "10\n01"})
    void unusableIdsAreRefused(String id) {
        assertThatThrownBy(() -> PatientIdentity.of(id)).isInstanceOf(PacsException.class);
    }

    @Test
    void matchingIsExactOnIdAndIssuer() {
        PatientIdentity withIssuer = PatientIdentity.of("1001", "A");
        assertThat(withIssuer.matches("1001", "A")).isTrue();
        assertThat(withIssuer.matches("1001 ", "A")).isTrue();
        assertThat(withIssuer.matches("10011", "A")).isFalse();
        assertThat(withIssuer.matches("1001", "B")).isFalse();
        assertThat(withIssuer.matches("1001", null)).isFalse();
        assertThat(PatientIdentity.of("MRN*7").matches("MRN77", null)).isFalse();
        assertThat(PatientIdentity.of("1001").matches("1001", "B")).isTrue();
        assertThat(PatientIdentity.of("1001").matches(null, null)).isFalse();
    }

    @Test
    void patientIdStaysOutOfToString() {
        assertThat(PatientIdentity.of("1001", "A").toString()).doesNotContain("1001");
    }
}
