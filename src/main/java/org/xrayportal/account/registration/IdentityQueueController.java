package org.xrayportal.account.registration;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Duration;
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
import org.xrayportal.account.identity.IdentityCheckFailed;
import org.xrayportal.account.identity.IdentityChecks;
import org.xrayportal.account.identity.IdentityVerification;
import org.xrayportal.security.CurrentUser;
import org.xrayportal.security.PortalUser;

/** The staff queue "identities to verify": compare details, find the PatientID in the PACS, link or reject. */
@Controller
@PreAuthorize("hasRole('STAFF')")
class IdentityQueueController {

    private static final String DECIDE = "account/identity-check";

    private final RegistrationService registration;
    private final IdentityVerification verification;
    private final Clock clock;

    IdentityQueueController(RegistrationService registration, IdentityVerification verification, Clock clock) {
        this.registration = registration;
        this.verification = verification;
        this.clock = clock;
    }

    record LinkForm(
            @NotBlank(message = "{form.required}") @Size(max = 64, message = "{form.tooLong}")
            String patientId,

            @Size(max = 64, message = "{form.tooLong}") String issuerOfPatientId,

            @Size(max = 500, message = "{form.tooLong}") String nameReason,
            Boolean noStudyYet,
            String checked) {

        static LinkForm empty() {
            return new LinkForm("", "", "", false, null);
        }

        /** The values the PACS comparison was shown for; linking needs the same ones. */
        String fingerprint() {
            return IdentityChecks.fingerprint(
                    patientId, issuerOfPatientId, Boolean.TRUE.equals(noStudyYet), nameReason);
        }
    }

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
        model.addAttribute("linkForm", LinkForm.empty());
        model.addAttribute("rejectForm", new RejectForm(""));
        return decisionPage(accountId, model);
    }

    @PostMapping("/staff/identity-checks/{accountId}/link")
    String link(
            @PathVariable long accountId,
            @Valid @ModelAttribute("linkForm") LinkForm form,
            BindingResult result,
            @CurrentUser PortalUser user,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        model.addAttribute("rejectForm", new RejectForm(""));
        if (result.hasErrors()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return decisionPage(accountId, model);
        }
        long staffId = user.id();
        IdentityVerification.Result check;
        if (form.fingerprint().equals(form.checked())) {
            try {
                registration.link(
                        accountId,
                        form.patientId(),
                        form.issuerOfPatientId(),
                        Boolean.TRUE.equals(form.noStudyYet()),
                        form.nameReason(),
                        staffId);
                redirect.addFlashAttribute("message", "verification.linked");
                return "redirect:/staff/identity-checks";
            } catch (IdentityCheckFailed e) {
                check = e.result();
            }
        } else {
            var claim = registration.pendingClaim(accountId);
            check = verification.check(
                    new IdentityVerification.Request(
                            form.patientId(),
                            form.issuerOfPatientId(),
                            claim.fullName(),
                            claim.birthDate(),
                            Boolean.TRUE.equals(form.noStudyYet()),
                            form.nameReason()),
                    staffId);
        }
        model.addAttribute("check", check);
        IdentityChecks.reject(check, result);
        if (check.passed()) {
            model.addAttribute("fingerprint", form.fingerprint());
        } else {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        }
        return decisionPage(accountId, model);
    }

    @PostMapping("/staff/identity-checks/{accountId}/reject")
    String reject(
            @PathVariable long accountId,
            @Valid @ModelAttribute("rejectForm") RejectForm form,
            BindingResult result,
            @CurrentUser PortalUser user,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        if (result.hasErrors()) {
            model.addAttribute("linkForm", LinkForm.empty());
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return decisionPage(accountId, model);
        }
        registration.reject(accountId, form.reason(), user.id());
        redirect.addFlashAttribute("message", "verification.rejected");
        return "redirect:/staff/identity-checks";
    }

    private String decisionPage(long accountId, Model model) {
        var claim = registration.pendingClaim(accountId);
        model.addAttribute("claim", claim);
        model.addAttribute(
                "waitingDays",
                Duration.between(claim.submittedAt(), clock.instant()).toDays());
        return DECIDE;
    }
}
