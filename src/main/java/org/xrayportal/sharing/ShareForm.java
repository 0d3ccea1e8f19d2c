package org.xrayportal.sharing;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The "share with your doctor" form: which studies, who will receive them, how long the link lasts and whether the
 * recipient may download the original files.
 */
record ShareForm(
        List<String> study,

        @NotBlank(message = "{form.required}") @Size(max = SharingService.MAX_RECIPIENT, message = "{form.tooLong}")
        String recipient,

        String expiry,
        Boolean download) {

    /** Absent when the form offers no download choice (the patient's own access has none): then not allowed. */
    ShareForm {
        download = download != null && download;
    }
}
