package org.xrayportal.account.password;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
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

/** "Forgot your password?" and the emailed link that sets a new one. */
@Controller
class PasswordResetController {

    private static final String REQUEST_FORM = "account/reset-request";
    private static final String NEW_PASSWORD_FORM = "account/reset-password";

    private final PasswordResetService resets;

    PasswordResetController(PasswordResetService resets) {
        this.resets = resets;
    }

    record ResetRequestForm(
            @NotBlank(message = "{form.required}")
            @Email(message = "{form.email}")
            @Size(max = 320, message = "{form.tooLong}")
            String email) {}

    record NewPasswordForm(
            @NotBlank(message = "{form.required}") @Size(max = 1024, message = "{form.tooLong}")
            String password,

            @NotBlank(message = "{form.required}") @Size(max = 1024, message = "{form.tooLong}")
            String confirmPassword) {}

    @GetMapping("/password/reset")
    String initRequestForm(Model model) {
        model.addAttribute("form", new ResetRequestForm(""));
        return REQUEST_FORM;
    }

    @PostMapping("/password/reset")
    String processRequestForm(
            @Valid @ModelAttribute("form") ResetRequestForm form,
            BindingResult result,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        if (result.hasErrors()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return REQUEST_FORM;
        }
        long started = System.nanoTime();
        resets.request(form.email());
        AnswerFloor.waitOut(started);
        redirect.addFlashAttribute("message", "reset.sent");
        return "redirect:/login";
    }

    @GetMapping("/password/reset/{token}")
    String initNewPasswordForm(@PathVariable String token, Model model, HttpServletResponse response) {
        var purpose = resets.check(token);
        if (purpose.isEmpty()) {
            return linkInvalid(response);
        }
        model.addAttribute("purpose", purpose.get());
        model.addAttribute("token", token);
        model.addAttribute("form", new NewPasswordForm("", ""));
        return NEW_PASSWORD_FORM;
    }

    @PostMapping("/password/reset/{token}")
    String processNewPasswordForm(
            @PathVariable String token,
            @Valid @ModelAttribute("form") NewPasswordForm form,
            BindingResult result,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        var purpose = resets.check(token);
        if (purpose.isEmpty()) {
            return linkInvalid(response);
        }
        Forms.requireConfirmation(result, "confirmPassword", form.password(), form.confirmPassword());
        if (!result.hasErrors()) {
            try {
                if (!resets.complete(token, form.password())) {
                    return linkInvalid(response);
                }
                redirect.addFlashAttribute("message", "reset.done");
                return "redirect:/login";
            } catch (PasswordRejectedException e) {
                Forms.reject(result, e);
            }
        }
        model.addAttribute("purpose", purpose.get());
        model.addAttribute("token", token);
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return NEW_PASSWORD_FORM;
    }

    /** Unknown, used and expired links look the same. */
    private static String linkInvalid(HttpServletResponse response) {
        response.setStatus(HttpStatus.GONE.value());
        return "account/link-invalid";
    }
}
