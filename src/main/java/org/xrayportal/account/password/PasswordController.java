package org.xrayportal.account.password;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xrayportal.security.CurrentUser;
import org.xrayportal.security.PortalUser;

/** "Change your password": the signed-in person proves they know the current one. */
@Controller
class PasswordController {

    static final String VIEW = "account/password";

    private final Passwords passwords;

    PasswordController(Passwords passwords) {
        this.passwords = passwords;
    }

    record PasswordChangeForm(
            @NotBlank(message = "{form.required}") @Size(max = 1024, message = "{form.tooLong}")
            String currentPassword,

            @NotBlank(message = "{form.required}") @Size(max = 1024, message = "{form.tooLong}")
            String newPassword,

            @NotBlank(message = "{form.required}") @Size(max = 1024, message = "{form.tooLong}")
            String confirmPassword) {}

    @GetMapping("/account/password")
    String initChangeForm(Model model) {
        model.addAttribute("form", new PasswordChangeForm("", "", ""));
        return VIEW;
    }

    @PostMapping("/account/password")
    String processChangeForm(
            @Valid @ModelAttribute("form") PasswordChangeForm form,
            BindingResult result,
            @CurrentUser PortalUser user,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        Forms.requireConfirmation(result, "confirmPassword", form.newPassword(), form.confirmPassword());
        if (!result.hasErrors()) {
            try {
                passwords.changePassword(user.id(), form.currentPassword(), form.newPassword());
                redirect.addFlashAttribute("message", "password.changed");
                return "redirect:/account";
            } catch (PasswordRejectedException e) {
                Forms.reject(result, e);
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return VIEW;
    }
}
