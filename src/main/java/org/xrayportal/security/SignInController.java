package org.xrayportal.security;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class SignInController {

    @GetMapping("/login")
    String signIn(Authentication authentication) {
        if (authentication != null && authentication.getPrincipal() instanceof PortalUser user) {
            return "redirect:" + HomePages.of(user.role());
        }
        return "security/login";
    }

    @GetMapping("/")
    String home(@CurrentUser PortalUser user) {
        return "redirect:" + HomePages.of(user.role());
    }
}
