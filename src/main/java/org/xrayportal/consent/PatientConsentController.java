package org.xrayportal.consent;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xrayportal.account.Actor;
import org.xrayportal.system.Confirmation;

/** The patient reads the terms, agrees in an explicit step (nothing pre-ticked), and can withdraw in one step. */
@Controller
@RequestMapping("/patient/consent")
@PreAuthorize("hasRole('PATIENT')")
class PatientConsentController {

    /**
     * Where a patient may be sent back to after agreeing: a study page of this portal, nothing else (never an address
     * from elsewhere).
     */
    private static final Pattern NEXT = Pattern.compile("/patient/studies/[0-9.]{1,64}");

    private final ConsentService consents;

    PatientConsentController(ConsentService consents) {
        this.consents = consents;
    }

    @GetMapping
    String show(Actor patient, @RequestParam(name = "next", required = false) String next, Model model) {
        model.addAttribute("next", safeNext(next));
        return page(patient, model);
    }

    @PostMapping
    String accept(
            Actor patient,
            @RequestParam int version,
            @RequestParam(defaultValue = "false") boolean agree,
            @RequestParam(name = "next", required = false) String next,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        if (!agree) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("agreeError", true);
            model.addAttribute("next", safeNext(next));
            return page(patient, model);
        }
        boolean recorded = consents.accept(patient, version, request.getHeader(HttpHeaders.USER_AGENT));
        String happened = recorded ? "consent.flash.accepted" : "consent.flash.alreadyAccepted";
        String back = safeNext(next);
        // Back to the study they opened when the terms changed; else on to asking for access.
        return back == null
                ? Confirmation.redirect(redirect, "consentGiven", happened, "/patient/requests")
                : Confirmation.redirect(redirect, "consentRenewed", happened, back);
    }

    @PostMapping("/withdraw")
    String withdraw(Actor patient, RedirectAttributes redirect) {
        consents.withdraw(patient);
        return Confirmation.redirect(redirect, "consentWithdrawn", "consent.flash.withdrawn", "/patient/consent");
    }

    private static String safeNext(String next) {
        return next != null && NEXT.matcher(next).matches() ? next : null;
    }

    private String page(Actor patient, Model model) {
        ConsentStatus status = consents.statusOf(patient.accountId());
        Locale locale = LocaleContextHolder.getLocale();
        model.addAttribute("status", status);
        // The version in effect as this page's language shows it (issue 16), and the language it is written in.
        model.addAttribute("terms", consents.inLanguage(status.current(), locale));
        model.addAttribute("termsLanguage", consents.languageOf(status.current(), locale));
        model.addAttribute("history", consents.history(patient.accountId()));
        return "consent/terms";
    }
}
