package org.xrayportal.consent;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xrayportal.account.Actor;
import org.xrayportal.system.PortalLanguages;
import org.xrayportal.system.ProblemException;

/**
 * Admins publish new versions of the notice beside images and of the help page, per language, without a release
 * (issue 16). Each language has its own versions; a language without any shows the English text.
 */
@Controller
@RequestMapping("/admin/texts")
@PreAuthorize("hasRole('ADMIN')")
class AdminClinicTextController {

    private final ClinicTextService texts;

    AdminClinicTextController(ClinicTextService texts) {
        this.texts = texts;
    }

    /** Every text in every language with the version pages show now. */
    @GetMapping
    String overview(Model model) {
        Map<String, ClinicText> shown = new LinkedHashMap<>();
        for (ClinicText.Kind kind : ClinicText.Kind.values()) {
            for (Locale language : PortalLanguages.all()) {
                shown.put(key(kind) + "/" + language.getLanguage(), texts.current(kind, language));
            }
        }
        model.addAttribute("shown", shown);
        model.addAttribute(
                "kinds",
                Arrays.stream(ClinicText.Kind.values())
                        .map(AdminClinicTextController::key)
                        .toList());
        model.addAttribute(
                "languages",
                PortalLanguages.all().stream().map(Locale::getLanguage).toList());
        return "consent/admin-texts";
    }

    @GetMapping("/{kind}/{language}")
    String edit(@PathVariable String kind, @PathVariable String language, Model model) {
        ClinicText.Kind parsed = kindOf(kind);
        Locale locale = languageOf(language);
        model.addAttribute("form", PublishTextForm.startingFrom(texts.current(parsed, locale)));
        return page(parsed, language, model);
    }

    @PostMapping("/{kind}/{language}")
    String publish(
            Actor admin,
            @PathVariable String kind,
            @PathVariable String language,
            @Valid @ModelAttribute("form") PublishTextForm form,
            BindingResult errors,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        ClinicText.Kind parsed = kindOf(kind);
        languageOf(language);
        if (parsed == ClinicText.Kind.NOTICE
                && (form.summary() == null || form.summary().isBlank())) {
            errors.rejectValue("summary", "texts.admin.error.summary");
        }
        if (errors.hasErrors()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return page(parsed, language, model);
        }
        ClinicText published = texts.publish(admin, parsed, language, form.title(), form.summary(), form.body());
        redirect.addFlashAttribute("flash", "texts.admin.flash.published");
        redirect.addFlashAttribute("flashArgument", published.version());
        return "redirect:/admin/texts/" + kind + "/" + language;
    }

    private String page(ClinicText.Kind kind, String language, Model model) {
        model.addAttribute("kind", key(kind));
        model.addAttribute("language", language);
        model.addAttribute("versions", texts.versions(kind, language));
        return "consent/admin-text";
    }

    private static String key(ClinicText.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static ClinicText.Kind kindOf(String kind) {
        return Arrays.stream(ClinicText.Kind.values())
                .filter(k -> key(k).equals(kind))
                .findFirst()
                .orElseThrow(ProblemException::notFound);
    }

    private static Locale languageOf(String language) {
        return PortalLanguages.supported(language)
                .filter(locale -> locale.getLanguage().equals(language))
                .orElseThrow(ProblemException::notFound);
    }
}
