package org.xrayportal.access;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Staff landing page; the queues of identity checks and access requests arrive with their issues. */
@Controller
@PreAuthorize("hasRole('STAFF')")
class StaffHomeController {

    @GetMapping("/staff")
    String home() {
        return "access/home";
    }
}
