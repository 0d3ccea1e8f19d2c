package org.xrayportal.account;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** "Your account": password, sessions and second factor, for every role. */
@Controller
class AccountHomeController {

    private final AccountService accounts;

    AccountHomeController(AccountService accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/account")
    String home(Authentication authentication, Model model) {
        model.addAttribute(
                "account", accounts.findById(SignedIn.accountId(authentication)).orElseThrow());
        return "account/home";
    }
}
