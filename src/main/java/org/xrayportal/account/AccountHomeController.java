package org.xrayportal.account;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.xrayportal.security.CurrentUser;
import org.xrayportal.security.PortalUser;

/** "Your account": password, sessions and second factor, for every role. */
@Controller
class AccountHomeController {

    private final AccountService accounts;

    AccountHomeController(AccountService accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/account")
    String home(@CurrentUser PortalUser user, Model model) {
        model.addAttribute("account", accounts.findById(user.id()).orElseThrow());
        return "account/home";
    }
}
