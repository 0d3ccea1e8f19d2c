package org.xrayportal.account.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {

    private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    /** RFC 6238 Appendix B, SHA-1 column. */
    @ParameterizedTest
    @CsvSource({
        "59, 94287082",
        "1111111109, 07081804",
        "1111111111, 14050471",
        "1234567890, 89005924",
        "2000000000, 69279037",
        "20000000000, 65353130"
    })
    void codeWhenRfc6238TestVectorThenMatches(long time, String expected) {
        assertThat(Totp.code(RFC_SECRET, Totp.step(time), 8)).isEqualTo(expected);
    }

    @Test
    void matchWhenCodeFromAdjacentStepThenAcceptedButNotReplayedOrFarOff() {
        String secret = Totp.base32(RFC_SECRET);
        assertThat(secret).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(Totp.decodeBase32(secret)).isEqualTo(RFC_SECRET);
        long now = 1_111_111_111L;
        long step = Totp.step(now);
        String current = Totp.code(RFC_SECRET, step, 6);
        String previous = Totp.code(RFC_SECRET, step - 1, 6);
        String old = Totp.code(RFC_SECRET, step - 3, 6);

        assertThat(Totp.match(secret, current, now, 0)).hasValue(step);
        assertThat(Totp.match(secret, previous, now, 0)).hasValue(step - 1);
        assertThat(Totp.match(secret, old, now, 0)).isEmpty();
        assertThat(Totp.match(secret, current, now, step)).as("replay").isEmpty();
        assertThat(Totp.match(secret, "12345", now, 0)).isEmpty();
        assertThat(Totp.match(secret, "abcdef", now, 0)).isEmpty();
    }
}
