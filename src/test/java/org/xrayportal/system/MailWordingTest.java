package org.xrayportal.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every email starts a new sentence after its greeting ("Hello Ana,\n\nThere is…"), in each language. */
class MailWordingTest {

    private static final Pattern GREETING = Pattern.compile("(Hello \\{0\\},|Hola, \\{0\\}:)\n\n(.)", Pattern.DOTALL);

    @Test
    void everyMailBodyStartsWithACapitalAfterTheGreeting() {
        for (MessageBundles bundle : MessageBundles.all()) {
            bundle.messages().stringPropertyNames().stream()
                    .filter(key -> key.startsWith("mail.") && key.endsWith(".body"))
                    .forEach(key -> {
                        var greeting = GREETING.matcher(bundle.messages().getProperty(key));
                        assertThat(greeting.lookingAt())
                                .as(bundle.name() + " " + key)
                                .isTrue();
                        assertThat(greeting.group(2))
                                .as(bundle.name() + " " + key)
                                .isEqualTo(greeting.group(2).toUpperCase());
                    });
        }
        assertThat(MessageBundles.english().messages().getProperty("mail.accessUpdated.body"))
                .startsWith("Hello {0},\n\nThere is an update to your request for access to your X-ray images.");
    }
}
