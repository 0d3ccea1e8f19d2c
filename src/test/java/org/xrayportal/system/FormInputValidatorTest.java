package org.xrayportal.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.validation.DirectFieldBindingResult;
import org.springframework.validation.Errors;
import org.xrayportal.consultation.Consultation;
import org.xrayportal.consultation.ConsultationForm;

/** One-line fields refuse line breaks and tabs; multi-line text keeps them; no field takes other controls (issue 12). */
class FormInputValidatorTest {

    private final FormInputValidator validator = new FormInputValidator();

    @ParameterizedTest
    @ValueSource(strings = {"mornings\nafternoons", "mornings\tafternoons", "mornings\r", "nul\u0000"})
    void preferredTimesWhenItHoldsALineBreakTabOrControlThenFieldError(String times) {
        Errors errors =
                validate(new ConsultationForm("Is my knee all right?", Consultation.ContactMethod.PORTAL, "", times));

        assertThat(errors.getFieldErrorCount()).isEqualTo(1);
        assertThat(errors.getFieldError("preferredTimes").getCode()).isEqualTo("form.controlCharacters");
    }

    @Test
    void questionWhenItSpansSeveralLinesThenAccepted() {
        Errors errors = validate(new ConsultationForm(
                "First line.\nSecond line,\twith a tab.", Consultation.ContactMethod.PORTAL, "", "mornings"));

        assertThat(errors.hasErrors()).isFalse();
    }

    @Test
    void questionWhenItHoldsANulThenFieldError() {
        Errors errors = validate(new ConsultationForm("a\u0000b", Consultation.ContactMethod.PORTAL, "", ""));

        assertThat(errors.getFieldError("question").getCode()).isEqualTo("form.controlCharacters");
    }

    private Errors validate(Object form) {
        Errors errors = new DirectFieldBindingResult(form, "form");
        validator.validate(form, errors);
        return errors;
    }
}
