package org.xrayportal.account;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xrayportal.shared.PatientIdentity;

/** The staff queue "identities to verify": compare details, find the PatientID in the PACS, link or reject. */
@Controller
@PreAuthorize("hasRole('STAFF')")
class IdentityQueueController {

    private static final String DECIDE = "account/identity-check";

    private final RegistrationService registration;
    private final PacsPatientLookup pacs;
    private final Clock clock;

    IdentityQueueController(RegistrationService registration, PacsPatientLookup pacs, Clock clock) {
        this.registration = registration;
        this.pacs = pacs;
        this.clock = clock;
    }

    record LinkForm(
            @NotBlank(message = "{form.required}") @Size(max = 64, message = "{form.tooLong}")
            String patientId,

            @Size(max = 64, message = "{form.tooLong}") String issuerOfPatientId) {}

    record RejectForm(
            @NotBlank(message = "{form.required}") @Size(max = 500, message = "{form.tooLong}")
            String reason) {}

    @GetMapping("/staff/identity-checks")
    String queue(Model model) {
        model.addAttribute("claims", registration.queue());
        model.addAttribute("now", clock.instant());
        return "account/identity-queue";
    }

    @GetMapping("/staff/identity-checks/{accountId}")
    String initDecision(@PathVariable long accountId, Model model) {
        model.addAttribute("linkForm", new LinkForm("", ""));
        model.addAttribute("rejectForm", new RejectForm(""));
        return decisionPage(accountId, model);
    }

    @PostMapping("/staff/identity-checks/{accountId}/link")
    String link(
            @PathVariable long accountId,
            @Valid @ModelAttribute("linkForm") LinkForm form,
            BindingResult result,
            Authentication authentication,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                registration.link(
                        accountId,
                        new PatientIdentity(form.patientId(), form.issuerOfPatientId()),
                        SignedIn.accountId(authentication));
                redirect.addFlashAttribute("message", "verification.linked");
                return "redirect:/staff/identity-checks";
            } catch (ActivationException e) {
                result.rejectValue(e.field() == null ? "patientId" : e.field(), e.code());
            }
        }
        model.addAttribute("rejectForm", new RejectForm(""));
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return decisionPage(accountId, model);
    }

    @PostMapping("/staff/identity-checks/{accountId}/reject")
    String reject(
            @PathVariable long accountId,
            @Valid @ModelAttribute("rejectForm") RejectForm form,
            BindingResult result,
            Authentication authentication,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        if (result.hasErrors()) {
            model.addAttribute("linkForm", new LinkForm("", ""));
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return decisionPage(accountId, model);
        }
        registration.reject(accountId, form.reason(), SignedIn.accountId(authentication));
        redirect.addFlashAttribute("message", "verification.rejected");
        return "redirect:/staff/identity-checks";
    }

    private String decisionPage(long accountId, Model model) {
        var claim = registration.pendingClaim(accountId);
        model.addAttribute("claim", claim);
        model.addAttribute(
                "waitingDays",
                Duration.between(claim.submittedAt(), clock.instant()).toDays());
        model.addAttribute("pacsAvailable", pacs.available());
        return DECIDE;
    }
}
