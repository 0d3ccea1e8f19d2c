package org.xrayportal.consent;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
import org.xrayportal.system.SingleLine;

/** What an admin fills in to publish a new version of the terms. */
record PublishTermsForm(
        @NotBlank(message = "{consent.admin.error.title}")
        @Size(max = 200, message = "{consent.admin.error.titleLength}")
        @SingleLine
        String title,

        @NotBlank(message = "{consent.admin.error.body}")
        @Size(max = 50000, message = "{consent.admin.error.bodyLength}")
        String body,

        @NotNull(message = "{consent.admin.error.effectiveFrom}") @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
        LocalDate effectiveFrom,

        // The same version in Spanish (issue 16): both or neither; without it, Spanish pages show the text above.
        @Size(max = 200, message = "{consent.admin.error.titleLength}") @SingleLine
        String spanishTitle,

        @Size(max = 50000, message = "{consent.admin.error.bodyLength}")
        String spanishBody) {

    static PublishTermsForm startingFrom(ConsentDocument current, ConsentDocument spanish, LocalDate today) {
        if (current == null) {
            return new PublishTermsForm("", "", today, "", "");
        }
        boolean translated = spanish != null && spanish != current;
        return new PublishTermsForm(
                current.title(),
                current.body(),
                today,
                translated ? spanish.title() : "",
                translated ? spanish.body() : "");
    }

    boolean hasSpanish() {
        return spanishTitle != null && !spanishTitle.isBlank() || spanishBody != null && !spanishBody.isBlank();
    }
}
