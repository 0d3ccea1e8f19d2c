package org.xrayportal.account.signup;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Size;
import jakarta.validation.groups.Default;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.xrayportal.account.password.Forms;
import org.xrayportal.account.password.PasswordRejectedException;
import org.xrayportal.system.SingleLine;

/**
 * The form where a patient creates an account with a password of their choice, by an activation code from the clinic
 * ({@link ByCode}: {@code code} required) or by self-registration ({@link ByClaim}: {@code fullName} required), and its
 * one page, {@code account/new-account}.
 */
record NewAccountForm(
        @NotBlank(message = "{form.required}", groups = ByCode.class)
        @Size(max = 40, message = "{form.tooLong}", groups = ByCode.class)
        @SingleLine
        String code,

        @NotBlank(message = "{form.required}", groups = ByClaim.class)
        @Size(max = 200, message = "{form.tooLong}", groups = ByClaim.class)
        @SingleLine
        String fullName,

        @NotNull(message = "{form.required}")
        @Past(message = "{form.past}")
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
        LocalDate birthDate,

        @NotBlank(message = "{form.required}")
        @Email(message = "{form.email}")
        @Size(max = 320, message = "{form.tooLong}")
        @SingleLine
        String email,

        @NotBlank(message = "{form.required}") @Size(max = 1024, message = "{form.tooLong}")
        String password,

        @NotBlank(message = "{form.required}") @Size(max = 1024, message = "{form.tooLong}")
        String confirmPassword) {

    static final String VIEW = "account/new-account";

    /** Activation by a code from the clinic's letter. */
    interface ByCode extends Default {}

    /** Self-registration with the name and birth date the patient claims. */
    interface ByClaim extends Default {}

    /** What the form does once its fields are valid: returns the view, or null after rejecting the form. */
    @FunctionalInterface
    interface Submission {

        /** @throws PasswordRejectedException when the password breaks the policy */
        String submit();
    }

    /** The empty page: with the code field ({@code byCode}) or the registration fields. */
    static String show(Model model, boolean byCode) {
        model.addAttribute("form", new NewAccountForm("", "", null, "", "", ""));
        model.addAttribute("byCode", byCode);
        return VIEW;
    }

    /**
     * The one path of both ways: the passwords must match, then {@code submission} runs; a refused password, or a
     * refusal the submission wrote into {@code result}, answers the page again with its errors and 422.
     */
    String process(
            BindingResult result, Model model, HttpServletResponse response, boolean byCode, Submission submission) {
        Forms.requireConfirmation(result, "confirmPassword", password, confirmPassword);
        if (!result.hasErrors()) {
            try {
                String view = submission.submit();
                if (view != null) {
                    return view;
                }
            } catch (PasswordRejectedException e) {
                Forms.reject(result, e);
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        model.addAttribute("byCode", byCode);
        return VIEW;
    }
}
