package org.xrayportal.consent;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.time.Clock;
import java.time.LocalDate;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xrayportal.account.Actor;
import org.xrayportal.system.DisplayTime;

/** Admins publish new versions of the terms without a code change. */
@Controller
@RequestMapping("/admin/consent")
@PreAuthorize("hasRole('ADMIN')")
class AdminConsentController {

    private final ConsentService consents;
    private final DisplayTime displayTime;
    private final Clock clock;

    AdminConsentController(ConsentService consents, DisplayTime displayTime, Clock clock) {
        this.consents = consents;
        this.displayTime = displayTime;
        this.clock = clock;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute(
                "form", PublishTermsForm.startingFrom(consents.currentDocument().orElse(null), today()));
        return page(model);
    }

    @PostMapping
    String publish(
            Actor admin,
            @Valid @ModelAttribute("form") PublishTermsForm form,
            BindingResult errors,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        if (form.effectiveFrom() != null && form.effectiveFrom().isBefore(today())) {
            errors.rejectValue("effectiveFrom", "consent.admin.error.effectiveFromPast");
        }
        if (errors.hasErrors()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return page(model);
        }
        ConsentDocument published =
                consents.publish(admin, form.title(), form.body(), displayTime.startOf(form.effectiveFrom()));
        redirect.addFlashAttribute("flash", "consent.admin.flash.published");
        redirect.addFlashAttribute("flashArgument", published.version());
        return "redirect:/admin/consent";
    }

    private String page(Model model) {
        model.addAttribute("documents", consents.allDocuments());
        model.addAttribute("current", consents.currentDocument().orElse(null));
        return "consent/admin";
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(displayTime.zone()));
    }
}
