package org.xrayportal.account.identity;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xrayportal.security.CurrentUser;
import org.xrayportal.security.PortalUser;

/** The staff queue "identity alerts": withheld studies, "not my images" reports, broken stored identities. */
@Controller
@PreAuthorize("hasRole('STAFF')")
class IdentityAlertsController {

    private final IdentityAlertDesk desk;

    IdentityAlertsController(IdentityAlertDesk desk) {
        this.desk = desk;
    }

    record ResolveForm(
            @NotBlank(message = "{form.required}") @Size(max = 500, message = "{form.tooLong}")
            String resolution,

            Boolean restoreAccess) {}

    @GetMapping("/staff/identity-alerts")
    String list(Model model) {
        model.addAttribute("alerts", desk.open());
        model.addAttribute("form", new ResolveForm("", false));
        return "account/identity-alerts";
    }

    @PostMapping("/staff/identity-alerts/{alertId}/resolve")
    String resolve(
            @PathVariable long alertId,
            @Valid @ModelAttribute("form") ResolveForm form,
            BindingResult result,
            @CurrentUser PortalUser user,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        if (result.hasErrors()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("alerts", desk.open());
            model.addAttribute("failedAlert", alertId);
            return "account/identity-alerts";
        }
        desk.resolve(alertId, form.resolution(), Boolean.TRUE.equals(form.restoreAccess()), user.id());
        redirect.addFlashAttribute("message", "identity.alerts.resolved");
        return "redirect:/staff/identity-alerts";
    }
}
