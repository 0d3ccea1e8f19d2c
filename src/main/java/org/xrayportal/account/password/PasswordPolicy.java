package org.xrayportal.account.password;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * NIST SP 800-63B rules for passwords people choose: at least {@value #MIN_LENGTH} characters (the length 800-63B
 * asks for when a password is the only factor; MFA is optional for patients), up to {@value #MAX_LENGTH}, no
 * composition rules, never truncated (Argon2 hashes all of it), and not one of zxcvbn's 30,000 most common
 * passwords nor the account's own email address. Lengths count Unicode code points, so every character counts once.
 */
@Component
public class PasswordPolicy {

    public static final int MIN_LENGTH = 15;
    public static final int MAX_LENGTH = 256;

    private static final String BLOCKLIST = "/com/nulabinc/zxcvbn/matchers/dictionaries/passwords.txt";

    private final Set<String> common;

    PasswordPolicy() {
        this.common = load();
    }

    /**
     * The message code saying why {@code password} may not be used, or empty when it may.
     *
     * @param email the account's email address, which must not be the password
     */
    public Optional<String> violation(String password, String email) {
        if (password == null || password.isEmpty()) {
            return Optional.of("password.required");
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            return Optional.of("password.tooShort");
        }
        if (length > MAX_LENGTH) {
            return Optional.of("password.tooLong");
        }
        String folded = password.toLowerCase(Locale.ROOT);
        if (common.contains(folded) || password.codePoints().distinct().count() == 1) {
            return Optional.of("password.common");
        }
        if (email != null && !email.isBlank()) {
            String address = email.strip().toLowerCase(Locale.ROOT);
            String local = address.contains("@") ? address.substring(0, address.indexOf('@')) : address;
            if (folded.equals(address) || folded.equals(local)) {
                return Optional.of("password.isEmail");
            }
        }
        return Optional.empty();
    }

    private static Set<String> load() {
        try (InputStream in = PasswordPolicy.class.getResourceAsStream(BLOCKLIST)) {
            if (in == null) {
                throw new IllegalStateException("zxcvbn's password list is missing from the class path: " + BLOCKLIST);
            }
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return reader.lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty())
                    .map(line -> line.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toCollection(HashSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
