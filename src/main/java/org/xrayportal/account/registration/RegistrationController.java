package org.xrayportal.account.registration;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The email-verification link of self-registration (the form itself is {@code account.signup}). */
@Controller
class RegistrationController {

    private final RegistrationService registration;

    RegistrationController(RegistrationService registration) {
        this.registration = registration;
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
