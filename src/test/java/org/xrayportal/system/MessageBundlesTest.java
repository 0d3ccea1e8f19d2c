package org.xrayportal.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every language says everything (issue 16): each translation has exactly the keys of {@code messages.properties},
 * each message takes the same arguments in the same way ({@code {0}} stays {@code {0}}, {@code {0,choice,...}} stays
 * a choice), nothing is blank, and no key is written twice (the second silently wins and the first is dead text).
 */
class MessageBundlesTest {

    static List<MessageBundles> translations() {
        return MessageBundles.all().stream().skip(1).toList();
    }

    @Test
    void thereIsAtLeastOneTranslation() {
        assertThat(translations()).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("translations")
    void translationWhenComparedWithEnglishThenHasExactlyTheSameKeys(MessageBundles translation) {
        Set<String> english = MessageBundles.english().messages().stringPropertyNames();
        Set<String> translated = translation.messages().stringPropertyNames();

        assertThat(new TreeSet<>(difference(english, translated)))
                .as(translation + ": keys missing (add a translation)")
                .isEmpty();
        assertThat(new TreeSet<>(difference(translated, english)))
                .as(translation + ": keys English does not have (remove, or add to messages.properties)")
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("translations")
    void translationWhenComparedWithEnglishThenEveryMessageTakesTheSameArguments(MessageBundles translation) {
        var english = MessageBundles.english().messages();
        List<String> differing = new ArrayList<>();
        for (String key : new TreeSet<>(english.stringPropertyNames())) {
            String translated = translation.messages().getProperty(key);
            if (translated != null && !arguments(english.getProperty(key)).equals(arguments(translated))) {
                differing.add(key + ": " + arguments(english.getProperty(key)) + " in English, " + arguments(translated)
                        + " in " + translation);
            }
        }
        assertThat(differing).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("org.xrayportal.system.MessagesTest#bundles")
    void bundleHasNoBlankMessageAndNoKeyTwice(MessageBundles bundle) {
        assertThat(bundle.messages().stringPropertyNames().stream()
                        .filter(key -> bundle.messages().getProperty(key).isBlank()))
                .as(bundle + ": blank messages")
                .isEmpty();
        var seen = new HashSet<String>();
        assertThat(bundle.writtenKeys().stream().filter(key -> !seen.add(key)))
                .as(bundle + ": keys written more than once")
                .isEmpty();
    }

    /** Each argument index with its format type: "0", "1", "2:choice", "0:number". */
    private static TreeMap<Integer, String> arguments(String pattern) {
        var arguments = new TreeMap<Integer, String>();
        Matcher matcher = MessagesTest.ARGUMENT.matcher(pattern);
        while (matcher.find()) {
            String whole = matcher.group();
            String type = whole.contains(",")
                    ? whole.substring(whole.indexOf(',') + 1).split("[,}]")[0].strip()
                    : "";
            // A choice's inner "{0}" is the same argument again; keep the choice type.
            arguments.merge(Integer.parseInt(matcher.group(1)), type, (a, b) -> a.isEmpty() ? b : a);
        }
        return arguments;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        return a.stream().filter(key -> !b.contains(key)).collect(Collectors.toSet());
    }
}
