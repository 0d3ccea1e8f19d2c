package org.xrayportal.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every message renders as written. Spring formats a message with {@link MessageFormat} only when it is given
 * arguments; then a single apostrophe starts a quoted section and swallows the placeholders after it ("The clinic's
 * reason: {0}" shows "The clinics reason: {0}"). Without arguments the text is shown raw, so a doubled apostrophe
 * would show twice. This test formats every message the way the portal does and fails on both.
 */
class MessagesTest {

    private static final Path MESSAGES = Path.of("src/main/resources/messages.properties");
    private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)(?:,[^}]*)?}");

    private static Properties messages;

    @BeforeAll
    static void load() throws IOException {
        messages = new Properties();
        try (Reader reader = Files.newBufferedReader(MESSAGES, StandardCharsets.UTF_8)) {
            messages.load(reader);
        }
    }

    @Test
    void everyArgumentOfEveryMessageAppearsInTheFormattedText() {
        List<String> broken = new ArrayList<>();
        for (String key : new TreeSet<>(messages.stringPropertyNames())) {
            String pattern = messages.getProperty(key);
            Matcher arguments = ARGUMENT.matcher(pattern);
            var indexes = new TreeSet<Integer>();
            while (arguments.find()) {
                indexes.add(Integer.parseInt(arguments.group(1)));
            }
            if (indexes.isEmpty()) {
                continue;
            }
            Object[] samples = new Object[indexes.last() + 1];
            for (int i = 0; i < samples.length; i++) {
                // Typed arguments ({0,number}, {0,choice,...}) get a number; plain ones a marker to look for.
                samples[i] = pattern.contains("{" + i + ",") ? (Object) 7 : "ARG" + i + "X";
            }
            String formatted;
            try {
                formatted = new MessageFormat(pattern, Locale.ENGLISH).format(samples);
            } catch (IllegalArgumentException e) {
                broken.add(key + ": " + e.getMessage());
                continue;
            }
            for (int index : indexes) {
                if (!formatted.contains("ARG" + index + "X") && !pattern.contains("{" + index + ",")) {
                    broken.add(key + ": {" + index + "} lost in \"" + formatted + "\"");
                }
            }
            if (ARGUMENT.matcher(formatted).find()) {
                broken.add(key + ": placeholder left in \"" + formatted + "\"");
            }
            if (!pattern.replace("''", "").chars().noneMatch(c -> c == '\'')) {
                broken.add(key + ": single apostrophe in a message with arguments (write '')");
            }
        }
        assertThat(broken).as("messages that do not render as written").isEmpty();
    }

    @Test
    void messagesWithoutArgumentsHaveNoDoubledApostrophes() {
        List<String> doubled = messages.stringPropertyNames().stream()
                .filter(key -> !ARGUMENT.matcher(messages.getProperty(key)).find())
                .filter(key -> messages.getProperty(key).contains("''"))
                .sorted()
                .toList();
        assertThat(doubled)
                .as("messages shown raw (no arguments) that would show '' to the reader")
                .isEmpty();
    }
}
