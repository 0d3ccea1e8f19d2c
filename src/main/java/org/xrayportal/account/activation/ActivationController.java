package org.xrayportal.account.activation;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xrayportal.account.password.NewAccountForm;

/** The patient turns an activation code from the clinic into an account linked to their images. */
@Controller
class ActivationController {

    private static final String FORM = "account/new-account";

    private final ActivationService activation;

    ActivationController(ActivationService activation) {
        this.activation = activation;
    }

    /** The shared page shows the activation code field. */
    @ModelAttribute("byCode")
    boolean byCode() {
        return true;
    }

    @GetMapping("/activate")
    String initActivationForm(Model model) {
        model.addAttribute("form", NewAccountForm.empty());
        return FORM;
    }

    @PostMapping("/activate")
    String processActivationForm(
            @Validated(NewAccountForm.ByCode.class) @ModelAttribute("form") NewAccountForm form,
            BindingResult result,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        return form.process(result, response, FORM, () -> {
            try {
                activation.activate(form.code(), form.birthDate(), form.email(), form.password());
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
}
