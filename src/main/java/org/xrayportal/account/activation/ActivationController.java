package org.xrayportal.account.activation;

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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xrayportal.account.password.Forms;
import org.xrayportal.account.password.PasswordRejectedException;
import org.xrayportal.system.SingleLine;

/** The patient turns an activation code from the clinic into an account linked to their images. */
@Controller
class ActivationController {

    private static final String FORM = "account/activate";

    private final ActivationService activation;

    ActivationController(ActivationService activation) {
        this.activation = activation;
    }

    record ActivationForm(
            @NotBlank(message = "{form.required}") @Size(max = 40, message = "{form.tooLong}") @SingleLine
            String code,

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
            String confirmPassword) {}

    @GetMapping("/activate")
    String initActivationForm(Model model) {
        model.addAttribute("form", new ActivationForm("", null, "", "", ""));
        return FORM;
    }

    @PostMapping("/activate")
    String processActivationForm(
            @Valid @ModelAttribute("form") ActivationForm form,
            BindingResult result,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        Forms.requireConfirmation(result, "confirmPassword", form.password(), form.confirmPassword());
        if (!result.hasErrors()) {
            try {
                activation.activate(form.code(), form.birthDate(), form.email(), form.password());
                redirect.addFlashAttribute("message", "activation.done");
                return "redirect:/login";
            } catch (ActivationException e) {
                if (e.field() == null) {
                    result.reject(e.code());
                } else {
                    result.rejectValue(e.field(), e.code());
                }
            } catch (PasswordRejectedException e) {
                Forms.reject(result, e);
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return FORM;
    }
}
