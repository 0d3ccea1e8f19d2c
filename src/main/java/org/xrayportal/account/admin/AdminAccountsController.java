package org.xrayportal.account.admin;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xrayportal.account.internal.AccountAdministrationException;
import org.xrayportal.security.CurrentUser;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.system.SingleLine;

/** Account management for admins: find accounts, unlock, disable and enable them. */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class AdminAccountsController {

    private static final String INVITE = "account/admin-invite";

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

    record InvitationForm(
            @NotBlank(message = "{form.required}")
            @Email(message = "{form.email}")
            @Size(max = 320, message = "{form.tooLong}")
            @SingleLine
            String email,

            @NotBlank(message = "{form.required}") @Size(max = 200, message = "{form.tooLong}") @SingleLine
            String displayName,

            @NotNull(message = "{form.required}") Role role) {}

    @GetMapping("/admin/accounts/new")
    String initInvitationForm(Model model) {
        model.addAttribute("form", new InvitationForm("", "", Role.STAFF));
        return INVITE;
    }

    @PostMapping("/admin/accounts")
    String processInvitationForm(
            @Valid @ModelAttribute("form") InvitationForm form,
            BindingResult result,
            @CurrentUser PortalUser user,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                administration.invite(form.email(), form.displayName(), form.role(), user.id());
                redirect.addFlashAttribute("message", "admin.accounts.invited");
                return "redirect:/admin/accounts";
            } catch (AccountAdministrationException e) {
                result.rejectValue(e.code().startsWith("email") ? "email" : "role", e.code());
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return INVITE;
    }

    @PostMapping("/admin/accounts/{id}/reset-mfa")
    String resetSecondFactor(@PathVariable long id, @CurrentUser PortalUser user, RedirectAttributes redirect) {
        administration.resetSecondFactor(id, user.id());
        redirect.addFlashAttribute("message", "admin.accounts.mfaReset");
        return "redirect:/admin/accounts";
    }

    @PostMapping("/admin/accounts/{id}/unlock")
    String unlock(@PathVariable long id, @CurrentUser PortalUser user, RedirectAttributes redirect) {
        administration.unlock(id, user.id());
        redirect.addFlashAttribute("message", "admin.accounts.unlocked");
        return "redirect:/admin/accounts";
    }

    @PostMapping("/admin/accounts/{id}/disable")
    String disable(@PathVariable long id, @CurrentUser PortalUser user, RedirectAttributes redirect) {
        administration.setEnabled(id, false, user.id());
        redirect.addFlashAttribute("message", "admin.accounts.disabled");
        return "redirect:/admin/accounts";
    }

    @PostMapping("/admin/accounts/{id}/enable")
    String enable(@PathVariable long id, @CurrentUser PortalUser user, RedirectAttributes redirect) {
        administration.setEnabled(id, true, user.id());
        redirect.addFlashAttribute("message", "admin.accounts.enabled");
        return "redirect:/admin/accounts";
    }
}
