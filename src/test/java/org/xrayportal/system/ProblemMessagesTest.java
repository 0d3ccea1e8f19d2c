package org.xrayportal.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message key the code hands to the one problem page ({@code ProblemException.badRequest/conflict/invalid("key")})
 * exists in every bundle: the page would otherwise show {@code ??key??}. Keys built at run time (a literal ending in
 * a dot, completed with an enum name) are checked by the tests of their enums.
 */
class ProblemMessagesTest {

    private static final Pattern LITERAL_KEY =
            Pattern.compile("ProblemException\\.(?:badRequest|conflict|invalid)\\(\\s*\"([^\"]+)\"");

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.xrayportal.system.MessageBundles#all")
    void problemKeysWhenUsedInTheCodeThenInTheBundle(MessageBundles bundle) throws IOException {
        Set<String> used = literalKeys();
        assertThat(used).as("keys found in the code (the scan works)").isNotEmpty();
        assertThat(used.stream().filter(key -> !bundle.messages().containsKey(key)))
                .as("problem message keys missing from %s", bundle)
                .isEmpty();
    }

    static Set<String> literalKeys() throws IOException {
        Set<String> keys = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = LITERAL_KEY.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).endsWith(".")) {
                        keys.add(m.group(1));
                    }
                }
            }
        }
        return keys;
    }
}
