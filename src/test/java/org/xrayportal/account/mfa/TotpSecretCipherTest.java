package org.xrayportal.account.mfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class TotpSecretCipherTest {

    private static final String SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    private static final String K1 = "k1:" + Base64.getEncoder().encodeToString(new byte[32]);
    private static final String K2 =
            "k2:" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    private static MockEnvironment externalDatabase() {
        return new MockEnvironment().withProperty("spring.datasource.url", "jdbc:postgresql://db/portal");
    }

    @Test
    void encryptWhenDecryptedForTheSameAccountThenSameSecretAndNeverTheClearText() {
        var cipher = new TotpSecretCipher(new TotpSecretCipher.Settings(K1, null, false, false), externalDatabase());
        String stored = cipher.encrypt(7, SECRET);
        assertThat(stored).startsWith("v1:k1:").doesNotContain(SECRET);
        assertThat(cipher.encrypt(7, SECRET)).isNotEqualTo(stored); // a fresh IV each time
        assertThat(cipher.decrypt(7, stored)).isEqualTo(SECRET);
    }

    @Test
    void decryptWhenCopiedToAnotherAccountThenRefused() {
        var cipher = new TotpSecretCipher(new TotpSecretCipher.Settings(K1, null, false, false), externalDatabase());
        String stored = cipher.encrypt(7, SECRET);
        assertThatThrownBy(() -> cipher.decrypt(8, stored)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rotationWhenNewKeyIsCurrentThenOldSecretsStillDecryptAndAreStale() {
        var old = new TotpSecretCipher(new TotpSecretCipher.Settings(K1, null, false, false), externalDatabase());
        String stored = old.encrypt(7, SECRET);
        var rotated =
                new TotpSecretCipher(new TotpSecretCipher.Settings(K2, List.of(K1), false, false), externalDatabase());
        assertThat(rotated.isStale(stored)).isTrue();
        assertThat(rotated.decrypt(7, stored)).isEqualTo(SECRET);
        String again = rotated.encrypt(7, SECRET);
        assertThat(again).startsWith("v1:k2:");
        assertThat(rotated.isStale(again)).isFalse();
        var withoutOld =
                new TotpSecretCipher(new TotpSecretCipher.Settings(K2, null, false, false), externalDatabase());
        assertThatThrownBy(() -> withoutOld.decrypt(7, stored)).hasMessageContaining("'k1'");
    }

    @Test
    void clearTextWhenStoredBeforeEncryptionThenReadAndStale() {
        var cipher = new TotpSecretCipher(new TotpSecretCipher.Settings(K1, null, false, false), externalDatabase());
        assertThat(cipher.decrypt(7, SECRET)).isEqualTo(SECRET);
        assertThat(cipher.isStale(SECRET)).isTrue();
    }

    @Test
    void keyWhenMissingWithAnExternalDatabaseThenTheApplicationDoesNotStart() {
        assertThatThrownBy(() -> new TotpSecretCipher(
                        new TotpSecretCipher.Settings(null, null, false, false), externalDatabase()))
                .hasMessageContaining("PORTAL_TOTP_KEY");
    }

    @Test
    void keyWhenMissingWithTheEmbeddedDatabaseThenBuiltInKey() {
        var cipher =
                new TotpSecretCipher(new TotpSecretCipher.Settings(null, null, false, false), new MockEnvironment());
        assertThat(cipher.currentKeyId()).isEqualTo(TotpSecretCipher.BUILT_IN_KEY_ID);
        assertThat(cipher.decrypt(3, cipher.encrypt(3, SECRET))).isEqualTo(SECRET);
    }

    @Test
    void keyWhenNotThirtyTwoBytesThenRefused() {
        assertThatThrownBy(() -> new TotpSecretCipher(
                        new TotpSecretCipher.Settings(
                                "k1:" + Base64.getEncoder().encodeToString(new byte[16]), null, false, false),
                        externalDatabase()))
                .hasMessageContaining("32 bytes");
    }
}
