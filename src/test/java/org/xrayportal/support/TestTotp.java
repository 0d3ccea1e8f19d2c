package org.xrayportal.support;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** An authenticator app for tests: RFC 6238 codes from a Base32 secret, written apart from the portal's own. */
public final class TestTotp {

    private static final Pattern SECRET = Pattern.compile("class=\"totp-secret\">([A-Z2-7]+)<");

    private TestTotp() {}

    /** The secret shown on an enrolment page. */
    public static String secretOn(String page) {
        Matcher m = SECRET.matcher(page);
        if (!m.find()) {
            throw new AssertionError("No TOTP secret on the page");
        }
        return m.group(1);
    }

    private static final java.util.Map<String, Long> LAST_STEP = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A code the portal has not seen yet for this secret: the portal accepts one step of drift either way but never
     * a step twice, so repeated sign-ins within 30 seconds use the next step, waiting for the clock when needed.
     */
    public static synchronized String nextCode(String secret) {
        while (true) {
            long now = Instant.now().getEpochSecond() / 30;
            long step = Math.max(now - 1, LAST_STEP.getOrDefault(secret, Long.MIN_VALUE) + 1);
            if (step <= now + 1) {
                LAST_STEP.put(secret, step);
                return code(secret, (int) (step - now));
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The code for now plus {@code stepsAhead} 30-second steps (the portal accepts one step of drift). */
    public static String code(String secret, int stepsAhead) {
        long step = Instant.now().getEpochSecond() / 30 + stepsAhead;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(base32(secret), "HmacSHA1"));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int o = h[19] & 0xf;
            int bin = ((h[o] & 0x7f) << 24) | ((h[o + 1] & 0xff) << 16) | ((h[o + 2] & 0xff) << 8) | (h[o + 3] & 0xff);
            return String.format("%06d", bin % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] base32(String s) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteBuffer out = ByteBuffer.allocate(s.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (char c : s.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return out.array();
    }
}
