package org.xrayportal.sharing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The secrets of a share: the link's token (192 random bits from {@link SecureRandom}, base64url, 32 characters),
 * stored only as its SHA-256; the passcode (10 characters from 31 that cannot be mistaken for one another, 49 bits),
 * stored only as a slow password hash; and the recipient's session id, stored like the token.
 */
final class ShareSecrets {

    static final int TOKEN_BYTES = 24;
    static final int PASSCODE_LENGTH = 10;

    /** No 0/O, 1/I/L: a passcode is read from a card and typed by someone else. */
    static final String PASSCODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ShareSecrets() {}

    static String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static boolean isWellFormedToken(String token) {
        return token != null && TOKEN.matcher(token).matches();
    }

    /** SHA-256 of the token (or session id), 64 hex digits: what the database holds. */
    static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    static String newPasscode() {
        StringBuilder passcode = new StringBuilder(PASSCODE_LENGTH);
        for (int i = 0; i < PASSCODE_LENGTH; i++) {
            passcode.append(PASSCODE_ALPHABET.charAt(RANDOM.nextInt(PASSCODE_ALPHABET.length())));
        }
        return passcode.toString();
    }

    /** A passcode as typed: case, spaces and hyphens do not matter; anything too long is not a passcode. */
    static String normalizePasscode(String typed) {
        if (typed == null || typed.length() > 64) {
            return "";
        }
        return typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }

    /** The passcode in two groups of five, as shown on the card ("ABCDE-FGHJK"). */
    static String grouped(String passcode) {
        return passcode.substring(0, 5) + "-" + passcode.substring(5);
    }
}
