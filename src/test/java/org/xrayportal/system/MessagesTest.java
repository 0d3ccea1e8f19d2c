package org.xrayportal.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * Every message of every language renders as written. Spring formats a message with {@link MessageFormat} only when
 * it is given arguments; then a single apostrophe starts a quoted section and swallows the placeholders after it
 * ("The clinic's reason: {0}" shows "The clinics reason: {0}"). Without arguments the text is shown raw, so a doubled
 * apostrophe would show twice. This test formats every message of every bundle the way the portal does, through
 * Spring's message source with the portal's settings, and fails on both, on a placeholder left in the text and on a
 * key that does not resolve ({@code ??key??} in a page).
 */
class MessagesTest {

    static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)(?:,[^}]*)?}");

    static List<MessageBundles> bundles() {
        return MessageBundles.all();
    }

    @Test
    void bundlesWhenListedThenEnglishAndSpanish() {
        assertThat(bundles())
                .extracting(MessageBundles::name)
                .containsExactly("messages.properties", "messages_es.properties");
    }

    /** A page title that names the portal names it in full, the same way in every language (the sharing pages did not). */
    @Test
    void pageTitlesWhenTheyNameThePortalThenEndWithItsFullName() {
        var suffixes = java.util.Map.of(
                "messages.properties", " - X-ray patient portal",
                "messages_es.properties", " - Portal de pacientes de radiografías");
        List<String> broken = new ArrayList<>();
        for (MessageBundles bundle : bundles()) {
            String suffix = suffixes.get(bundle.name());
            var messages = bundle.messages();
            for (String key : new TreeSet<>(messages.stringPropertyNames())) {
                String value = messages.getProperty(key);
                if (key.endsWith(".title") && value.matches("(?i).* - .*portal.*") && !value.endsWith(suffix)) {
                    broken.add(bundle.name() + " " + key + "=" + value);
                }
            }
        }
        assertThat(broken).isEmpty();
        var spanish = bundles().get(1).messages();
        assertThat(spanish.getProperty("sharing.passcode.title"))
                .isEqualTo("Radiografías compartidas - Portal de pacientes de radiografías");
        assertThat(spanish.getProperty("sharing.form.title"))
                .isEqualTo("Compartir con su médico - Portal de pacientes de radiografías");
    }

    @ParameterizedTest
    @MethodSource("bundles")
    void everyArgumentOfEveryMessageAppearsInTheFormattedText(MessageBundles bundle) {
        var messages = bundle.messages();
        List<String> broken = new ArrayList<>();
        for (String key : new TreeSet<>(messages.stringPropertyNames())) {
            String pattern = messages.getProperty(key);
            var indexes = argumentIndexes(pattern);
            if (indexes.isEmpty()) {
                continue;
            }
            String formatted;
            try {
                formatted = new MessageFormat(pattern, Locale.ENGLISH).format(samples(pattern, indexes));
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
        assertThat(broken)
                .as(bundle + ": messages that do not render as written")
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("bundles")
    void messagesWithoutArgumentsHaveNoDoubledApostrophes(MessageBundles bundle) {
        var messages = bundle.messages();
        List<String> doubled = messages.stringPropertyNames().stream()
                .filter(key -> !ARGUMENT.matcher(messages.getProperty(key)).find())
                .filter(key -> messages.getProperty(key).contains("''"))
                .sorted()
                .toList();
        assertThat(doubled)
                .as(bundle + ": messages shown raw (no arguments) that would show '' to the reader")
                .isEmpty();
    }

    /**
     * What a page shows, key by key, in every supported language: Spring's message source set up as the portal's
     * ({@code spring.messages}: basename {@code messages}, UTF-8, no fallback to the server's own locale) returns the
     * bundle's own text (so a Spanish page never silently falls back to English for a key), with every argument in
     * place, no placeholder and no apostrophe lost.
     */
    @Test
    void everyKeyWhenResolvedBySpringInEachSupportedLanguageThenShowsThatLanguagesText() {
        var source = new ResourceBundleMessageSource();
        source.setBasename("messages");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        List<String> broken = new ArrayList<>();
        for (Locale locale : LanguageConfiguration.SUPPORTED) {
            MessageBundles bundle = bundles().stream()
                    .filter(b -> b.name()
                            .equals(
                                    locale.equals(LanguageConfiguration.SUPPORTED.getFirst())
                                            ? "messages.properties"
                                            : "messages_" + locale.getLanguage() + ".properties"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no bundle for supported language " + locale));
            for (String key : new TreeSet<>(bundle.messages().stringPropertyNames())) {
                String pattern = bundle.messages().getProperty(key);
                var indexes = argumentIndexes(pattern);
                String shown = indexes.isEmpty()
                        ? source.getMessage(key, null, locale)
                        : source.getMessage(key, samples(pattern, indexes), locale);
                String expected = indexes.isEmpty()
                        ? pattern
                        : new MessageFormat(pattern, locale).format(samples(pattern, indexes));
                if (!shown.equals(expected)) {
                    broken.add(locale + " " + key + ": shows \"" + shown + "\", bundle says \"" + expected + "\"");
                }
                if (ARGUMENT.matcher(shown).find() || shown.contains("??")) {
                    broken.add(locale + " " + key + ": unresolved text \"" + shown + "\"");
                }
            }
        }
        assertThat(broken).as("messages as the portal shows them").isEmpty();
    }

    static TreeSet<Integer> argumentIndexes(String pattern) {
        Matcher arguments = ARGUMENT.matcher(pattern);
        var indexes = new TreeSet<Integer>();
        while (arguments.find()) {
            indexes.add(Integer.parseInt(arguments.group(1)));
        }
        return indexes;
    }

    /** Typed arguments ({0,number}, {0,choice,...}) get a number; plain ones a marker to look for. */
    static Object[] samples(String pattern, TreeSet<Integer> indexes) {
        Object[] samples = new Object[indexes.last() + 1];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = pattern.contains("{" + i + ",") ? (Object) 7 : "ARG" + i + "X";
        }
        return samples;
    }
}
