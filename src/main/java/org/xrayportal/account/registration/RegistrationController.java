package org.xrayportal.account.registration;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xrayportal.account.internal.AnswerFloor;
import org.xrayportal.account.password.Forms;
import org.xrayportal.account.password.PasswordRejectedException;
import org.xrayportal.system.SingleLine;

/** Creating an account without an activation code, and the email-verification link. */
@Controller
class RegistrationController {

    private static final String FORM = "account/register";

    private final RegistrationService registration;

    RegistrationController(RegistrationService registration) {
        this.registration = registration;
    }

    record RegistrationForm(
            @NotBlank(message = "{form.required}") @Size(max = 200, message = "{form.tooLong}") @SingleLine
            String fullName,

            @NotNull(message = "{form.required}")
            @Past(message = "{form.past}")
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
            LocalDate birthDate,

            @NotBlank(message = "{form.required}")
            @Email(message = "{form.email}")
            @Size(max = 320, message = "{form.tooLong}")
            String email,

            @NotBlank(message = "{form.required}") @Size(max = 1024, message = "{form.tooLong}")
            String password,

            @NotBlank(message = "{form.required}") @Size(max = 1024, message = "{form.tooLong}")
            String confirmPassword) {}

    @GetMapping("/register")
    String initRegistrationForm(Model model) {
        model.addAttribute("form", new RegistrationForm("", null, "", "", ""));
        return FORM;
    }

    @PostMapping("/register")
    String processRegistrationForm(
            @Valid @ModelAttribute("form") RegistrationForm form,
            BindingResult result,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        Forms.requireConfirmation(result, "confirmPassword", form.password(), form.confirmPassword());
        if (!result.hasErrors()) {
            long started = System.nanoTime();
            try {
                registration.register(form.email(), form.password(), form.fullName(), form.birthDate());
                AnswerFloor.waitOut(started);
                redirect.addFlashAttribute("message", "register.sent");
                return "redirect:/login";
            } catch (PasswordRejectedException e) {
                Forms.reject(result, e);
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return FORM;
    }

    @GetMapping("/register/verify/{token}")
    String verify(@PathVariable String token, HttpServletResponse response, RedirectAttributes redirect) {
        if (!registration.verifyEmail(token)) {
            response.setStatus(HttpStatus.GONE.value());
            return "account/link-invalid";
        }
        redirect.addFlashAttribute("message", "register.verified");
        return "redirect:/login";
    }
}
