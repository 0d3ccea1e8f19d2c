package org.xrayportal.audit;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The admin's landing page: a link to each admin screen (audit, terms and texts, accounts, email, sharing). */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class AdminHomeController {

    @GetMapping("/admin")
    String home() {
        return "audit/home";
    }
}
