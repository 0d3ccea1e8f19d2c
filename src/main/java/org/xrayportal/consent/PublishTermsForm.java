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
        LocalDate effectiveFrom) {

    static PublishTermsForm startingFrom(ConsentDocument current, LocalDate today) {
        return current == null
                ? new PublishTermsForm("", "", today)
                : new PublishTermsForm(current.title(), current.body(), today);
    }
}
