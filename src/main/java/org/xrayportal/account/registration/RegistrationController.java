package org.xrayportal.account.registration;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xrayportal.account.internal.AnswerFloor;
import org.xrayportal.account.password.NewAccountForm;

/** Creating an account without an activation code, and the email-verification link. */
@Controller
class RegistrationController {

    private static final String FORM = "account/new-account";

    private final RegistrationService registration;

    RegistrationController(RegistrationService registration) {
        this.registration = registration;
    }

    /** The shared page shows the registration fields. */
    @ModelAttribute("byCode")
    boolean byCode() {
        return false;
    }

    @GetMapping("/register")
    String initRegistrationForm(Model model) {
        model.addAttribute("form", NewAccountForm.empty());
        return FORM;
    }

    @PostMapping("/register")
    String processRegistrationForm(
            @Validated(NewAccountForm.ByClaim.class) @ModelAttribute("form") NewAccountForm form,
            BindingResult result,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        return form.process(result, response, FORM, () -> {
            long started = System.nanoTime();
            registration.register(form.email(), form.password(), form.fullName(), form.birthDate());
            AnswerFloor.waitOut(started);
            redirect.addFlashAttribute("message", "register.sent");
            return "redirect:/login";
        });
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
