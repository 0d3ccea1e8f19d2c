package org.xrayportal.account;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Account management for admins: find accounts, unlock, disable and enable them. */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class AdminAccountsController {

    private final AccountAdministration administration;

    AdminAccountsController(AccountAdministration administration) {
        this.administration = administration;
    }

    @GetMapping("/admin/accounts")
    String list(@RequestParam(name = "q", defaultValue = "") String search, Model model) {
        model.addAttribute("q", search);
        model.addAttribute("rows", administration.search(search.length() > 320 ? search.substring(0, 320) : search));
        return "account/admin-accounts";
    }

    @PostMapping("/admin/accounts/{id}/unlock")
    String unlock(@PathVariable long id, Authentication authentication, RedirectAttributes redirect) {
        administration.unlock(id, SignedIn.accountId(authentication));
        redirect.addFlashAttribute("message", "admin.accounts.unlocked");
        return "redirect:/admin/accounts";
    }

    @PostMapping("/admin/accounts/{id}/disable")
    String disable(@PathVariable long id, Authentication authentication, RedirectAttributes redirect) {
        administration.setEnabled(id, false, SignedIn.accountId(authentication));
        redirect.addFlashAttribute("message", "admin.accounts.disabled");
        return "redirect:/admin/accounts";
    }

    @PostMapping("/admin/accounts/{id}/enable")
    String enable(@PathVariable long id, Authentication authentication, RedirectAttributes redirect) {
        administration.setEnabled(id, true, SignedIn.accountId(authentication));
        redirect.addFlashAttribute("message", "admin.accounts.enabled");
        return "redirect:/admin/accounts";
    }
}
