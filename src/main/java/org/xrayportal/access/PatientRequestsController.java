package org.xrayportal.access;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import org.xrayportal.account.AccountService;
import org.xrayportal.account.Actor;
import org.xrayportal.consent.ConsentService;
import org.xrayportal.imaging.PacsException;
import org.xrayportal.imaging.Study;
import org.xrayportal.shared.PatientIdentity;
import org.xrayportal.system.Confirmation;

/** The patient asks for access, follows each request's status, and can withdraw a pending one. */
@Controller
@RequestMapping("/patient/requests")
@PreAuthorize("hasRole('PATIENT')")
class PatientRequestsController {

    private static final Logger log = LoggerFactory.getLogger(PatientRequestsController.class);

    private final AccessService access;
    private final AccountService accounts;
    private final ConsentService consents;

    PatientRequestsController(AccessService access, AccountService accounts, ConsentService consents) {
        this.access = access;
        this.accounts = accounts;
        this.consents = consents;
    }

    @GetMapping
    String list(Actor patient, Model model) {
        model.addAttribute("form", RequestForms.NewRequest.empty());
        return page(patient, model);
    }

    @PostMapping
    String submit(
            Actor patient,
            @Valid @ModelAttribute("form") RequestForms.NewRequest form,
            BindingResult errors,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        AccessScope scope = RequestForms.scopeOf(errors, form::toScope);
        if (errors.hasErrors()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return page(patient, model);
        }
        try {
            access.submit(patient, scope, form.message(), form.format());
        } catch (AccessService.PendingRequestExists e) {
            errors.reject(e.messageKey());
            access.pendingRequestFor(patient, scope)
                    .ifPresent(pending -> model.addAttribute("pendingRequest", pending));
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return page(patient, model);
        }
        return Confirmation.redirect(redirect, "accessRequested", "access.flash.submitted", "/patient/requests");
    }

    @PostMapping("/{id}/withdraw")
    String withdraw(Actor patient, @PathVariable long id, RedirectAttributes redirect) {
        access.withdraw(patient, id);
        return Confirmation.redirect(redirect, "accessWithdrawn", "access.flash.withdrawn", "/patient/requests");
    }

    private String page(Actor patient, Model model) {
        var identity = accounts.identityOf(patient.accountId());
        boolean consenting = consents.hasCurrentConsent(patient.accountId());
        model.addAttribute("studiesUnavailable", false);
        model.addAttribute("linked", identity.isPresent());
        model.addAttribute("consenting", consenting);
        model.addAttribute("requests", access.requestsOf(patient.accountId()));
        model.addAttribute("grants", access.grantsOf(patient.accountId()));
        model.addAttribute("studies", identity.isPresent() && consenting ? studies(identity.get(), model) : Map.of());
        return "access/patient-requests";
    }

    /** The patient's studies for the "one study" choice; the page still works without them if the PACS is down. */
    private Map<String, Study> studies(PatientIdentity identity, Model model) {
        try {
            List<Study> studies = access.studiesOf(identity);
            return studies.stream()
                    .collect(Collectors.toMap(
                            Study::studyInstanceUid, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
        } catch (PacsException e) {
            log.warn("Could not list studies for the request form: {}", e.getMessage());
            model.addAttribute("studiesUnavailable", true);
            return Map.of();
        }
    }
}
