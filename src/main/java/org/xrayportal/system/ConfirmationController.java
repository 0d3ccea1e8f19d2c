package org.xrayportal.system;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Shows a {@link Confirmation} once, right after the submit that made it; opened again (reload, bookmark) it has
 * nothing to confirm and leads to the person's home page.
 */
@Controller
class ConfirmationController {

    @GetMapping("/done")
    String done(Model model) {
        if (!(model.getAttribute(Confirmation.ATTRIBUTE) instanceof Confirmation)) {
            return "redirect:/";
        }
        return "system/done";
    }
}
