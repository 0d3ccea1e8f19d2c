package org.xrayportal.account.signup;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xrayportal.account.AccountTimeZones;
import org.xrayportal.account.activation.ActivationException;
import org.xrayportal.account.activation.ActivationService;
import org.xrayportal.account.internal.AnswerFloor;
import org.xrayportal.account.registration.RegistrationService;

/**
 * The two ways a patient creates an account, one page and one path: an activation code from the clinic (an account
 * linked to their images at once) or self-registration (linked once staff verified the identity).
 */
@Controller
class SignUpController {

    private final ActivationService activation;
    private final RegistrationService registration;
    private final AccountTimeZones timeZones;

    SignUpController(ActivationService activation, RegistrationService registration, AccountTimeZones timeZones) {
        this.activation = activation;
        this.registration = registration;
        this.timeZones = timeZones;
    }

    @GetMapping("/activate")
    String initActivationForm(Model model) {
        return NewAccountForm.show(model, true);
    }

    @GetMapping("/register")
    String initRegistrationForm(Model model) {
        return NewAccountForm.show(model, false);
    }

    @PostMapping("/activate")
    String processActivationForm(
            @Validated(NewAccountForm.ByCode.class) @ModelAttribute("form") NewAccountForm form,
            BindingResult result,
            @RequestParam(name = AccountTimeZones.BROWSER_ZONE_PARAMETER, required = false) String browserZone,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        return form.process(result, model, response, true, () -> {
            try {
                var account = activation.activate(form.code(), form.birthDate(), form.email(), form.password());
                timeZones.takeBrowserZone(account.id(), browserZone);
            } catch (ActivationException e) {
                if (e.field() == null) {
                    result.reject(e.code());
                } else {
                    result.rejectValue(e.field(), e.code());
                }
                return null;
            }
            redirect.addFlashAttribute("message", "activation.done");
            return "redirect:/login";
        });
    }

    /** Accepted requests are answered no sooner than {@link AnswerFloor#FLOOR}, taken or new address alike. */
    @PostMapping("/register")
    String processRegistrationForm(
            @Validated(NewAccountForm.ByClaim.class) @ModelAttribute("form") NewAccountForm form,
            BindingResult result,
            @RequestParam(name = AccountTimeZones.BROWSER_ZONE_PARAMETER, required = false) String browserZone,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        return form.process(result, model, response, false, () -> {
            long started = System.nanoTime();
            registration.register(form.email(), form.password(), form.fullName(), form.birthDate(), browserZone);
            AnswerFloor.waitOut(started);
            redirect.addFlashAttribute("message", "register.sent");
            return "redirect:/login";
        });
    }
}
