package org.xrayportal.consent;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    private static final Locale SPANISH = Locale.forLanguageTag("es");

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
        ConsentDocument current = consents.currentDocument().orElse(null);
        model.addAttribute(
                "form", PublishTermsForm.startingFrom(current, consents.inLanguage(current, SPANISH), today()));
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
        if (form.hasSpanish()) {
            if (form.spanishTitle() == null || form.spanishTitle().isBlank()) {
                errors.rejectValue("spanishTitle", "consent.admin.error.spanishTitle");
            }
            if (form.spanishBody() == null || form.spanishBody().isBlank()) {
                errors.rejectValue("spanishBody", "consent.admin.error.spanishBody");
            }
        }
        if (errors.hasErrors()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return page(model);
        }
        Map<String, List<String>> translations = form.hasSpanish()
                ? Map.of(SPANISH.getLanguage(), List.of(form.spanishTitle(), form.spanishBody()))
                : Map.of();
        ConsentDocument published = consents.publish(
                admin, form.title(), form.body(), translations, displayTime.startOf(form.effectiveFrom()));
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
