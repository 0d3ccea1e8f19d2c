package org.xrayportal.sharing;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secrets of a SMART Health Link: the manifest id in its URL, the files' key, and the bearer token of its DICOMweb
 * endpoint, each 32 random bytes from {@link SecureRandom} as 43 base64url characters (256 bits, the specification's
 * minimum for the manifest URL). The database holds the manifest id and the token only as SHA-256 ({@link
 * ShareSecrets#hash}); the files' key only wrapped under a key derived from the manifest id (HMAC-SHA256), which only
 * the holder of the link's payload presents. Encryption is JWE compact serialization with {@code alg: dir, enc:
 * A256GCM} by Nimbus JOSE + JWT, with a fresh random nonce for every file.
 */
final class SmartHealthLinkSecrets {

    static final int BYTES = 32;
    static final String FHIR_JSON = "application/fhir+json";

    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] WRAP_LABEL =
            "xray-portal smart-health-link file-key wrap v1".getBytes(StandardCharsets.US_ASCII);
    private static final String WRAPPED_KEY = "application/octet-stream";

    private SmartHealthLinkSecrets() {}

    /** 32 random bytes, base64url without padding: 43 characters. */
    static String newSecret() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static boolean isWellFormed(String secret) {
        return secret != null && SECRET.matcher(secret).matches();
    }

    /** The files' key wrapped for storage: a JWE of the key under the key derived from {@code manifestId}. */
    static String wrapKey(String fileKey, String manifestId) {
        return encrypt(fileKey.getBytes(StandardCharsets.US_ASCII), WRAPPED_KEY, wrappingKey(manifestId));
    }

    /** The files' key, unwrapped with the manifest id the app presented. */
    static String unwrapKey(String wrapped, String manifestId) {
        return new String(decrypt(wrapped, wrappingKey(manifestId)), StandardCharsets.US_ASCII);
    }

    /** A file of the manifest: JWE compact serialization, {@code alg: dir, enc: A256GCM, cty: contentType}. */
    static String encryptFile(byte[] content, String contentType, String fileKey) {
        return encrypt(content, contentType, Base64.getUrlDecoder().decode(fileKey));
    }

    private static String encrypt(byte[] content, String contentType, byte[] key) {
        JWEObject jwe = new JWEObject(
                new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256GCM)
                        .contentType(contentType)
                        .build(),
                new Payload(content));
        try {
            jwe.encrypt(new DirectEncrypter(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("AES-256-GCM is part of every Java runtime", e);
        }
        return jwe.serialize();
    }

    private static byte[] decrypt(String compact, byte[] key) {
        try {
            JWEObject jwe = JWEObject.parse(compact);
            jwe.decrypt(new DirectDecrypter(key));
            return jwe.getPayload().toBytes();
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("the stored key of a SMART Health Link cannot be unwrapped", e);
        }
    }

    private static byte[] wrappingKey(String manifestId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(manifestId.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return mac.doFinal(WRAP_LABEL);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }
}
