package org.xrayportal.account.mfa;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Encrypts TOTP secrets at rest with the JDK's AES-256-GCM (issue 12). Stored form: {@code v1:<key id>:<base64url of
 * 12-byte IV and ciphertext with tag>}, with the account id as additional authenticated data, so a secret copied to
 * another account's row does not decrypt. The current key encrypts; previous keys only decrypt, until
 * {@link TotpSecretEncryption} has re-encrypted every secret under the current one.
 *
 * <p>Production must configure a key ({@code PORTAL_TOTP_KEY}). A built-in key, which is public and so protects
 * nothing, is used only where the portal runs on its own throwaway embedded database (no
 * {@code spring.datasource.url}) or where {@code portal.accounts.totp-encryption.allow-built-in-key} is set (tests).
 */
@Component
class TotpSecretCipher {

    static final String PREFIX = "v1:";
    static final String BUILT_IN_KEY_ID = "built-in";
    // 32 bytes, public on purpose: only for local runs and tests, never for data anyone keeps.
    private static final byte[] BUILT_IN_KEY = "x-ray portal built-in dev key 32".getBytes(StandardCharsets.US_ASCII);
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final String currentKeyId;
    private final Map<String, SecretKey> keys;

    TotpSecretCipher(Settings settings, Environment environment) {
        Map<String, SecretKey> all = new LinkedHashMap<>();
        String current;
        if (StringUtils.hasText(settings.key())) {
            current = parse(settings.key(), all);
        } else if (settings.allowBuiltInKey()
                || !StringUtils.hasText(environment.getProperty("spring.datasource.url"))) {
            current = BUILT_IN_KEY_ID;
            all.put(current, new SecretKeySpec(BUILT_IN_KEY, "AES"));
        } else {
            throw new IllegalStateException("No key to encrypt TOTP secrets with: set PORTAL_TOTP_KEY"
                    + " (portal.accounts.totp-encryption.key) to '<key id>:<32 random bytes, Base64>',"
                    + " e.g. \"k1:$(openssl rand -base64 32)\"; see docs/security.md");
        }
        for (String previous : settings.previousKeys()) {
            if (StringUtils.hasText(previous)) {
                parse(previous, all);
            }
        }
        if (settings.allowBuiltInKey() || BUILT_IN_KEY_ID.equals(current)) {
            all.putIfAbsent(BUILT_IN_KEY_ID, new SecretKeySpec(BUILT_IN_KEY, "AES"));
        }
        this.currentKeyId = current;
        this.keys = Map.copyOf(all);
    }

    String currentKeyId() {
        return currentKeyId;
    }

    String encrypt(long accountId, String secret) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad(accountId));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.US_ASCII));
            byte[] stored = ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv)
                    .put(sealed)
                    .array();
            return PREFIX + currentKeyId + ":"
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt a TOTP secret", e);
        }
    }

    /** The secret in clear; a value stored before encryption (no prefix) is returned as it is. */
    String decrypt(long accountId, String stored) {
        if (!isEncrypted(stored)) {
            return stored;
        }
        String[] parts = stored.split(":", 3);
        SecretKey key = keys.get(parts[1]);
        if (key == null) {
            throw new IllegalStateException("TOTP secret of account " + accountId + " is encrypted with key '"
                    + parts[1] + "', which is not configured (portal.accounts.totp-encryption.previous-keys)");
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(parts[2]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            cipher.updateAAD(aad(accountId));
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("TOTP secret of account " + accountId + " cannot be decrypted", e);
        }
    }

    static boolean isEncrypted(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /** Whether the stored value needs (re-)encryption under the current key. */
    boolean isStale(String stored) {
        return !isEncrypted(stored) || !stored.startsWith(PREFIX + currentKeyId + ":");
    }

    private static byte[] aad(long accountId) {
        return ("mfa_totp:" + accountId).getBytes(StandardCharsets.US_ASCII);
    }

    private static String parse(String idAndKey, Map<String, SecretKey> into) {
        int colon = idAndKey.indexOf(':');
        if (colon <= 0) {
            throw new IllegalStateException("A TOTP encryption key must be '<key id>:<Base64 of 32 bytes>'");
        }
        String id = idAndKey.substring(0, colon).strip();
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(idAndKey.substring(colon + 1).strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("TOTP encryption key '" + id + "' is not Base64", e);
        }
        if (bytes.length != 32) {
            throw new IllegalStateException(
                    "TOTP encryption key '" + id + "' must be 32 bytes (AES-256), not " + bytes.length);
        }
        if (!id.matches("[A-Za-z0-9_-]{1,32}")) {
            throw new IllegalStateException("TOTP encryption key id '" + id + "' must be 1-32 of A-Z a-z 0-9 _ -");
        }
        into.put(id, new SecretKeySpec(bytes, "AES"));
        return id;
    }

    /**
     * @param key the current key, {@code <key id>:<Base64 of 32 random bytes>}; required where the portal uses an
     *     external database
     * @param previousKeys keys secrets may still be encrypted with, same form; needed only until a start with the new
     *     key has re-encrypted them
     * @param allowBuiltInKey use the built-in (public) key when no key is set, for tests
     * @param exitAfterRotation re-encrypt, then stop the application (the rotation command in docs/security.md)
     */
    @ConfigurationProperties("portal.accounts.totp-encryption")
    record Settings(String key, List<String> previousKeys, boolean allowBuiltInKey, boolean exitAfterRotation) {
        Settings {
            previousKeys = previousKeys == null ? List.of() : List.copyOf(previousKeys);
        }
    }
}
