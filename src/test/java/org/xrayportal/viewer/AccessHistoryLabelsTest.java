package org.xrayportal.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.xrayportal.audit.AuditAction;

/** A patient's access history names every kind of event in words, never as a raw message key (issue 16). */
class AccessHistoryLabelsTest {

    @Test
    void everyAuditActionHasAHistoryLabel() throws IOException {
        var messages = new Properties();
        try (Reader reader =
                Files.newBufferedReader(Path.of("src/main/resources/messages.properties"), StandardCharsets.UTF_8)) {
            messages.load(reader);
        }

        assertThat(Arrays.stream(AuditAction.values())
                        .map(action -> "history.action." + action.name())
                        .filter(key -> messages.getProperty(key, "").isBlank()))
                .as("audit actions without a label in the patient's access history")
                .isEmpty();
    }
}
