package org.xrayportal.viewer;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The fuller text behind the clinical notice (DESIGN.md section 5); readable before signing in. */
@Controller
class HelpController {

    @GetMapping("/help/images")
    String aboutYourImages() {
        return "viewer/help";
    }
}
