package org.xrayportal.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.DirectDecrypter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The secrets of a SMART Health Link: their size and alphabet, the key's wrapping, and the files' JWE. */
class SmartHealthLinkSecretsTest {

    @Test
    void newSecretWhenMadeThen32RandomBytesAs43Base64UrlCharacters() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String secret = SmartHealthLinkSecrets.newSecret();
            assertThat(secret).matches("[A-Za-z0-9_-]{43}");
            assertThat(Base64.getUrlDecoder().decode(secret)).hasSize(32);
            assertThat(SmartHealthLinkSecrets.isWellFormed(secret)).isTrue();
            seen.add(secret);
        }
        assertThat(seen).hasSize(1000);
        assertThat(SmartHealthLinkSecrets.isWellFormed(null)).isFalse();
        assertThat(SmartHealthLinkSecrets.isWellFormed("a".repeat(42))).isFalse();
        assertThat(SmartHealthLinkSecrets.isWellFormed("a".repeat(44))).isFalse();
        assertThat(SmartHealthLinkSecrets.isWellFormed("+".repeat(43))).isFalse();
    }

    @Test
    void wrapKeyWhenUnwrappedWithTheManifestIdThenTheKeyAndWithAnotherIdThenNothing() {
        String key = SmartHealthLinkSecrets.newSecret();
        String manifestId = SmartHealthLinkSecrets.newSecret();
        String wrapped = SmartHealthLinkSecrets.wrapKey(key, manifestId);

        assertThat(wrapped).doesNotContain(key).doesNotContain(manifestId);
        assertThat(SmartHealthLinkSecrets.unwrapKey(wrapped, manifestId)).isEqualTo(key);
        // The same key wrapped twice differs (a fresh nonce every time).
        assertThat(SmartHealthLinkSecrets.wrapKey(key, manifestId)).isNotEqualTo(wrapped);
        // The stored hash of the manifest id does not unwrap it.
        assertThatThrownBy(() -> SmartHealthLinkSecrets.unwrapKey(wrapped, ShareSecrets.hash(manifestId)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SmartHealthLinkSecrets.unwrapKey(wrapped, SmartHealthLinkSecrets.newSecret()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void encryptFileWhenDecryptedWithThePayloadKeyThenTheContentAndTheSpecificationsHeader() throws Exception {
        String key = SmartHealthLinkSecrets.newSecret();
        byte[] content = "{\"resourceType\":\"Bundle\"}".getBytes(StandardCharsets.UTF_8);

        String first = SmartHealthLinkSecrets.encryptFile(content, "application/fhir+json", key);
        String second = SmartHealthLinkSecrets.encryptFile(content, "application/fhir+json", key);

        assertThat(first.split("\\.", -1)).hasSize(5);
        assertThat(first.split("\\.", -1)[1]).isEmpty(); // "dir": no encrypted key
        JWEObject jwe = JWEObject.parse(first);
        assertThat(jwe.getHeader().toJSONObject())
                .containsEntry("alg", "dir")
                .containsEntry("enc", "A256GCM")
                .containsEntry("cty", "application/fhir+json");
        jwe.decrypt(new DirectDecrypter(Base64.getUrlDecoder().decode(key)));
        assertThat(jwe.getPayload().toBytes()).isEqualTo(content);
        // A unique nonce for each encryption, as the specification requires for one key over time.
        assertThat(second.split("\\.")[2]).isNotEqualTo(first.split("\\.")[2]);
    }

    @Test
    void labelWhenLongerThan80CharactersThenCutTo80WithAnEllipsis() {
        assertThat(SmartHealthLinks.label("  X-ray images shared with Dr Lee "))
                .isEqualTo("X-ray images shared with Dr Lee");
        String exactly = "x".repeat(80);
        assertThat(SmartHealthLinks.label(exactly)).isEqualTo(exactly);
        String cut = SmartHealthLinks.label("y".repeat(79) + "😀😀");
        assertThat(cut.codePointCount(0, cut.length())).isEqualTo(80);
        assertThat(cut).endsWith("…");
    }
}
