package org.xrayportal.consultation;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.xrayportal.system.SingleLine;

/** The patient's consultation request as the study page's form sends it. A phone number is needed for PHONE. */
public record ConsultationForm(
        @NotBlank(message = "{consultation.form.question.required}")
        @Size(max = 2000, message = "{consultation.form.question.length}")
        String question,

        @NotNull(message = "{consultation.form.contact.required}")
        Consultation.ContactMethod contactMethod,

        @Size(max = 40, message = "{consultation.form.phone.invalid}")
        @Pattern(regexp = "^$|^[0-9+()./ -]{5,40}$", message = "{consultation.form.phone.invalid}")
        @SingleLine
        String phone,

        @Size(max = 200, message = "{consultation.form.times.length}") @SingleLine
        String preferredTimes) {

    public static ConsultationForm empty() {
        return new ConsultationForm("", Consultation.ContactMethod.PORTAL, "", "");
    }

    /** The cross-field rule, for the controller to put on the binding result. */
    public boolean phoneMissing() {
        return contactMethod == Consultation.ContactMethod.PHONE && (phone == null || phone.isBlank());
    }
}
