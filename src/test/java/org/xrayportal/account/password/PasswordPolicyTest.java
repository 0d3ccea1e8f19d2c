package org.xrayportal.account.password;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    private final PasswordPolicy policy = new PasswordPolicy();

    @Test
    void acceptsLongUnusualPassphraseWithoutCompositionRules() {
        assertThat(policy.violation("correct horse battery staple", "ann@example.test"))
                .isEmpty();
    }

    @Test
    void rejectsShorterThanMinimumCountingCodePoints() {
        assertThat(policy.violation("a".repeat(10) + "bcd", null)).contains("password.tooShort");
        // 15 emoji are 30 UTF-16 units but 15 characters: long enough.
        assertThat(policy.violation("😀🐈🌍🎈🚲🍎🎵🧩🌈🔑📚🪁🛶🧭🗝", null)).isEmpty();
    }

    @Test
    void accepts64AndUpTo256CharactersWithoutTruncation() {
        String sixtyFour = "tulips and teapots on a rainy tuesday in the old harbour town 64";
        assertThat(sixtyFour).hasSize(64);
        assertThat(policy.violation(sixtyFour, null)).isEmpty();
        assertThat(policy.violation("x1y2z3".repeat(42) + "abcd", null)).isEmpty();
        assertThat(policy.violation("x1y2z3".repeat(43), null)).contains("password.tooLong");
    }

    @Test
    void rejectsPasswordsFromZxcvbnListIgnoringCase() {
        assertThat(policy.violation("123456789987654321", null)).contains("password.common");
        assertThat(policy.violation("1QAZ2WSX3EDC4RFV", null)).contains("password.common");
        assertThat(policy.violation("aaaaaaaaaaaaaaaaaaaa", null)).contains("password.common");
    }

    @Test
    void rejectsTheEmailAddressItself() {
        assertThat(policy.violation("longer.name.here@example.test", "Longer.Name.Here@example.test"))
                .contains("password.isEmail");
        assertThat(policy.violation("longer.name.here", "longer.name.here@example.test"))
                .contains("password.isEmail");
    }
}
