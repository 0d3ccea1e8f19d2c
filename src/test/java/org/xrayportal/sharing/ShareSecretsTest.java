package org.xrayportal.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The link's token, its hash and the passcode (issue 19: token of at least 128 bits, stored only as a hash). */
class ShareSecretsTest {

    @Test
    void tokenHas192RandomBitsInBase64Url() {
        String token = ShareSecrets.newToken();

        assertThat(token).hasSize(32).matches("[A-Za-z0-9_-]{32}");
        assertThat(Base64.getUrlDecoder().decode(token)).hasSize(24);
        assertThat(ShareSecrets.TOKEN_BYTES * 8).isGreaterThanOrEqualTo(128);
        assertThat(ShareSecrets.isWellFormedToken(token)).isTrue();
    }

    @Test
    void tokensDoNotRepeatAndUseEveryBit() {
        Set<String> tokens = new HashSet<>();
        int[] ones = new int[ShareSecrets.TOKEN_BYTES * 8];
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            String token = ShareSecrets.newToken();
            tokens.add(token);
            byte[] bytes = Base64.getUrlDecoder().decode(token);
            for (int bit = 0; bit < ones.length; bit++) {
                ones[bit] += (bytes[bit / 8] >> (bit % 8)) & 1;
            }
        }

        assertThat(tokens).hasSize(n);
        // Every bit is set in about half of the tokens (binomial, 20,000 draws: 5 standard deviations is ±354).
        for (int count : ones) {
            assertThat(count).isBetween(n / 2 - 354, n / 2 + 354);
        }
    }

    @Test
    void hashIsTheSha256OfTheToken() {
        assertThat(ShareSecrets.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        String token = ShareSecrets.newToken();
        assertThat(ShareSecrets.hash(token)).hasSize(64).doesNotContain(token);
    }

    @Test
    void malformedTokensAreRefusedBeforeAnyLookup() {
        assertThat(ShareSecrets.isWellFormedToken(null)).isFalse();
        assertThat(ShareSecrets.isWellFormedToken("")).isFalse();
        assertThat(ShareSecrets.isWellFormedToken("A".repeat(31))).isFalse();
        assertThat(ShareSecrets.isWellFormedToken("A".repeat(33))).isFalse();
        assertThat(ShareSecrets.isWellFormedToken("A".repeat(31) + "/")).isFalse();
        assertThat(ShareSecrets.isWellFormedToken("A".repeat(31) + "\u0000")).isFalse();
    }

    @Test
    void passcodeHasTenUnambiguousCharacters() {
        for (int i = 0; i < 1000; i++) {
            String passcode = ShareSecrets.newPasscode();
            assertThat(passcode).hasSize(10).matches("[A-HJKMNP-Z2-9]{10}");
        }
        assertThat(ShareSecrets.PASSCODE_ALPHABET).hasSize(31).doesNotContain("0", "O", "1", "I", "L");
    }

    @Test
    void passcodeAsTypedIgnoresCaseSpacesAndHyphens() {
        assertThat(ShareSecrets.normalizePasscode(" abcde-fghjk ")).isEqualTo("ABCDEFGHJK");
        assertThat(ShareSecrets.grouped("ABCDEFGHJK")).isEqualTo("ABCDE-FGHJK");
        assertThat(ShareSecrets.normalizePasscode("x".repeat(65))).isEmpty();
        assertThat(ShareSecrets.normalizePasscode(null)).isEmpty();
    }

    @Test
    void deviceTypeFromTheUserAgent() {
        assertThat(Device.of("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"))
                .isEqualTo(Device.PHONE);
        assertThat(Device.of("Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/120 Mobile Safari/537.36"))
                .isEqualTo(Device.PHONE);
        assertThat(Device.of("Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)")).isEqualTo(Device.TABLET);
        assertThat(Device.of("Mozilla/5.0 (Linux; Android 14; SM-X710) Chrome/120 Safari/537.36"))
                .isEqualTo(Device.TABLET);
        assertThat(Device.of("Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120 Safari/537.36"))
                .isEqualTo(Device.COMPUTER);
        assertThat(Device.of(null)).isEqualTo(Device.UNKNOWN);
        assertThat(Device.of(" ")).isEqualTo(Device.UNKNOWN);
    }

    @Test
    void backOffDoublesFromThirtySecondsToAnHour() {
        assertThat(SharingProperties.backOff(2, 3)).isZero();
        assertThat(SharingProperties.backOff(3, 3)).hasSeconds(30);
        assertThat(SharingProperties.backOff(4, 3)).hasSeconds(60);
        assertThat(SharingProperties.backOff(9, 3)).hasSeconds(1920);
        assertThat(SharingProperties.backOff(10, 3)).hasHours(1);
        assertThat(SharingProperties.backOff(100, 3)).hasHours(1);
    }
}
