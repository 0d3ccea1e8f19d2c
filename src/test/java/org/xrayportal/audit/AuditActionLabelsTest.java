package org.xrayportal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The privacy officer's event filter names every action in an administrator's words (issue 16): who did what, never
 * the patient's "you" of the access history.
 */
class AuditActionLabelsTest {

    @Test
    void everyAuditActionHasAnAdminLabelUnlikeThePatientsWording() throws IOException {
        var messages = new Properties();
        try (Reader reader =
                Files.newBufferedReader(Path.of("src/main/resources/messages.properties"), StandardCharsets.UTF_8)) {
            messages.load(reader);
        }

        assertThat(Arrays.stream(AuditAction.values())
                        .map(action -> "audit.action." + action.name())
                        .filter(key -> messages.getProperty(key, "").isBlank()))
                .as("audit actions without a label in the admin's filter")
                .isEmpty();
        assertThat(Arrays.stream(AuditAction.values())
                        .map(action -> messages.getProperty("audit.action." + action.name()))
                        .filter(label -> label.matches("(?i).*\\b(you|your|yours)\\b.*")))
                .as("admin labels speaking to the patient")
                .isEmpty();
        assertThat(messages.getProperty("audit.action.VIEW")).isEqualTo("Patient viewed images");
    }
}
