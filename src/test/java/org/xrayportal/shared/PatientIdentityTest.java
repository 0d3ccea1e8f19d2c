package org.xrayportal.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PatientIdentityTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''|identity.invalid.empty",
                "'   '|identity.invalid.empty",
                "*|identity.invalid.wildcard",
                "MRN*7|identity.invalid.wildcard",
                "MRN?7|identity.invalid.wildcard",
                "1001\\1002|identity.invalid.backslash",
                "10\u000101|identity.invalid.control",
                "10\u008501|identity.invalid.control",
                "10\u202801|identity.invalid.control",
                "12345678901234567890123456789012345678901234567890123456789012345|identity.invalid.tooLong",
            })
    void patientIdWhenBreakingLoRulesThenValidationErrorWithCode(String id, String code) {
        var e = catchThrowableOfType(InvalidIdentityException.class, () -> PatientIdentity.of(id));
        assertThat(e).isInstanceOf(IllegalArgumentException.class);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.field()).isEqualTo(InvalidIdentityException.Field.PATIENT_ID);
    }

    @Test
    void patientIdWhenTabOrNewlineThenRefused() {
        assertThat(catchThrowableOfType(InvalidIdentityException.class, () -> PatientIdentity.of("10\t01"))
                        .code())
                .isEqualTo("identity.invalid.control");
        assertThat(catchThrowableOfType(InvalidIdentityException.class, () -> PatientIdentity.of("10\n01"))
                        .code())
                .isEqualTo("identity.invalid.control");
    }

    @Test
    void issuerWhenBreakingRulesThenFieldIsIssuer() {
        var e = catchThrowableOfType(InvalidIdentityException.class, () -> PatientIdentity.of("1001", "A\\B"));
        assertThat(e.field()).isEqualTo(InvalidIdentityException.Field.ISSUER);
        assertThat(e.code()).isEqualTo("identity.invalid.backslash");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "MRN 77",
                "A+B&C",
                "50%#/1",
                "Ünal-1",
                "1234567890123456789012345678901234567890123456789012345678901234"
            })
    void patientIdWhenLegalCharactersThenKeptAsTyped(String id) {
        assertThat(PatientIdentity.of(id, "Klinik Süd"))
                .isEqualTo(new PatientIdentity(id, "Klinik Süd"))
                .extracting(PatientIdentity::patientId)
                .isEqualTo(id);
    }

    @Test
    void leadingAndTrailingSpacesAreNotSignificant() {
        assertThat(PatientIdentity.of("  1001 ", " A ")).isEqualTo(PatientIdentity.of("1001", "A"));
        assertThat(PatientIdentity.of("1001", "   ").issuer()).isNull();
        assertThat(PatientIdentity.of("1001", "").issuerKey()).isEmpty();
    }

    @Test
    void matchingIsExactOnIdAndIssuer() {
        PatientIdentity withIssuer = PatientIdentity.of("1001", "A");
        assertThat(withIssuer.matches("1001", "A")).isTrue();
        assertThat(withIssuer.matches("1001 ", "A")).isTrue();
        assertThat(withIssuer.matches("10011", "A")).isFalse();
        assertThat(withIssuer.matches("1001", "B")).isFalse();
        assertThat(withIssuer.matches("1001", null)).isFalse();
        assertThat(PatientIdentity.of("MRN77").matches("MRN*7", null)).isFalse();
        assertThat(PatientIdentity.of("1001").matches(null, null)).isFalse();
    }

    @Test
    void patientIdStaysOutOfToString() {
        assertThat(PatientIdentity.of("1001", "A").toString()).doesNotContain("1001");
    }
}
