package org.xrayportal.sharing;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xrayportal.account.Actor;
import org.xrayportal.system.ProblemException;

/**
 * The clinic's sharing controls in the admin console (issue 19, Deliver 5): sharing on or off, the longest expiry,
 * the download rule and the second factor of new shares. Stored in the database, so every node follows a change at
 * once; audited.
 */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class AdminSharingController {

    private final SharingControls controls;

    AdminSharingController(SharingControls controls) {
        this.controls = controls;
    }

    @GetMapping("/admin/sharing")
    String form(Model model) {
        model.addAttribute("form", SharingSettingsForm.of(controls.current()));
        return page(model);
    }

    @PostMapping("/admin/sharing")
    String save(
            Actor admin,
            @ModelAttribute("form") SharingSettingsForm form,
            BindingResult errors,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        if (errors.getFieldErrors().stream().anyMatch(FieldError::isBindingFailure)) {
            throw ProblemException.badRequest("sharing.admin.malformed"); // not what the page sends
        }
        Optional<Expiry> expiry = Expiry.byId(form.maxExpiry());
        Optional<SharingSettings.Download> download = value(SharingSettings.Download.class, form.download());
        Optional<SecondFactor> factor = value(SecondFactor.class, form.secondFactor());
        if (expiry.isEmpty()) {
            errors.rejectValue("maxExpiry", "sharing.admin.choose");
        }
        if (download.isEmpty()) {
            errors.rejectValue("download", "sharing.admin.choose");
        }
        if (factor.isEmpty()) {
            errors.rejectValue("secondFactor", "sharing.admin.choose");
        }
        if (errors.hasErrors()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return page(model);
        }
        controls.change(
                admin, new SharingSettings(form.enabled(), expiry.get().duration(), download.get(), factor.get()));
        redirect.addFlashAttribute("flash", "sharing.admin.saved");
        return "redirect:/admin/sharing";
    }

    private static String page(Model model) {
        model.addAttribute("expiries", Expiry.values());
        model.addAttribute("downloads", SharingSettings.Download.values());
        model.addAttribute("factors", SecondFactor.values());
        return "sharing/admin";
    }

    private static <E extends Enum<E>> Optional<E> value(Class<E> type, String name) {
        return Arrays.stream(type.getEnumConstants())
                .filter(e -> e.name().equals(name))
                .findFirst();
    }
}
