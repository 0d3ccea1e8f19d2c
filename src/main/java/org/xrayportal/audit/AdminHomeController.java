package org.xrayportal.audit;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Admin landing page; audit search, export and integrity checks arrive with the audit console issue. */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class AdminHomeController {

    @GetMapping("/admin")
    String home() {
        return "audit/home";
    }
}
