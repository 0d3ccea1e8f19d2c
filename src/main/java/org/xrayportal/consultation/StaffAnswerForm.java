package org.xrayportal.consultation;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Staff's answer, read by the patient in the portal (never sent by email). */
record StaffAnswerForm(
        @NotBlank(message = "{consultation.form.answer.required}")
        @Size(max = 4000, message = "{consultation.form.answer.length}")
        String answer) {}
