package org.xrayportal.consent;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.xrayportal.system.SingleLine;

/** What an admin fills in to publish a new version of the notice or the help page in one language. */
record PublishTextForm(
        @NotBlank(message = "{texts.admin.error.title}")
        @Size(max = 200, message = "{texts.admin.error.titleLength}")
        @SingleLine
        String title,

        @Size(max = 500, message = "{texts.admin.error.summaryLength}") @SingleLine
        String summary,

        @NotBlank(message = "{texts.admin.error.body}") @Size(max = 20000, message = "{texts.admin.error.bodyLength}")
        String body) {

    static PublishTextForm startingFrom(ClinicText current) {
        return new PublishTextForm(current.title(), current.summary(), current.body());
    }
}
