package org.xrayportal.viewer;

import java.util.Locale;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.xrayportal.consent.ClinicText;
import org.xrayportal.consent.ClinicTextService;

/**
 * The fuller text behind the clinical notice (DESIGN.md section 5), the clinic's published version in the page's
 * language; readable before signing in.
 */
@Controller
class HelpController {

    private final ClinicTextService texts;

    HelpController(ClinicTextService texts) {
        this.texts = texts;
    }

    @GetMapping("/help/images")
    String aboutYourImages(Locale locale, Model model) {
        model.addAttribute("help", texts.current(ClinicText.Kind.HELP, locale));
        return "viewer/help";
    }
}
