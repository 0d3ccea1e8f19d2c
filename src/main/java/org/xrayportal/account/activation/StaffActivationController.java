package org.xrayportal.account.activation;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.time.ZoneId;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.xrayportal.account.identity.IdentityCheckFailed;
import org.xrayportal.account.identity.IdentityChecks;
import org.xrayportal.account.identity.IdentityVerification;
import org.xrayportal.security.CurrentUser;
import org.xrayportal.security.PortalUser;
import org.xrayportal.system.PortalMail;
import org.xrayportal.system.SingleLine;

/**
 * Staff issue an activation code for a PACS identity and print the letter that carries it. Two steps: the first post
 * looks the identity up in the PACS and shows its demographics beside what staff typed; only a second post of the very
 * same values ({@code checked} carries them) issues the code, after the service has checked them once more.
 */
@Controller
@PreAuthorize("hasRole('STAFF')")
class StaffActivationController {

    private static final String FORM = "account/issue-code";

    private final ActivationService activation;
    private final IdentityVerification verification;
    private final PortalMail mail;

    StaffActivationController(ActivationService activation, IdentityVerification verification, PortalMail mail) {
        this.activation = activation;
        this.verification = verification;
        this.mail = mail;
    }

    record IssueCodeForm(
            @NotBlank(message = "{form.required}") @Size(max = 64, message = "{form.tooLong}")
            String patientId,

            @Size(max = 64, message = "{form.tooLong}") String issuerOfPatientId,

            @NotBlank(message = "{form.required}") @Size(max = 200, message = "{form.tooLong}") @SingleLine
            String patientName,

            @NotNull(message = "{form.required}")
            @Past(message = "{form.past}")
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
            LocalDate birthDate,

            @Size(max = 500, message = "{form.tooLong}") String nameReason,
            Boolean noStudyYet,
            String checked) {

        IdentityVerification.Request request() {
            return new IdentityVerification.Request(
                    patientId, issuerOfPatientId, patientName, birthDate, Boolean.TRUE.equals(noStudyYet), nameReason);
        }

        /** The values the PACS comparison was shown for; issuing needs the same ones. */
        String fingerprint() {
            return IdentityChecks.fingerprint(
                    patientId, issuerOfPatientId, patientName, birthDate, Boolean.TRUE.equals(noStudyYet), nameReason);
        }
    }

    @GetMapping("/staff/activation-codes/new")
    String initIssueForm(Model model) {
        model.addAttribute("form", new IssueCodeForm("", "", "", null, "", false, null));
        return FORM;
    }

    /** Shows the letter straight away: the code exists in clear only in this one response. */
    @PostMapping("/staff/activation-codes")
    String processIssueForm(
            @Valid @ModelAttribute("form") IssueCodeForm form,
            BindingResult result,
            @CurrentUser PortalUser user,
            HttpServletResponse response,
            Model model) {
        if (result.hasErrors()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return FORM;
        }
        long staffId = user.id();
        if (form.fingerprint().equals(form.checked())) {
            try {
                var issued = activation.issue(form.request(), staffId);
                model.addAttribute("issued", issued);
                model.addAttribute("expiresOn", LocalDate.ofInstant(issued.expiresAt(), ZoneId.systemDefault()));
                model.addAttribute("activationLink", mail.link("/activate"));
                return "account/letter";
            } catch (IdentityCheckFailed e) {
                return showCheck(e.result(), form, result, response, model);
            }
        }
        return showCheck(verification.check(form.request(), staffId), form, result, response, model);
    }

    private static String showCheck(
            IdentityVerification.Result check,
            IssueCodeForm form,
            BindingResult result,
            HttpServletResponse response,
            Model model) {
        model.addAttribute("check", check);
        model.addAttribute("claimedName", form.patientName());
        model.addAttribute("claimedBirthDate", form.birthDate());
        IdentityChecks.reject(check, result);
        if (check.passed()) {
            model.addAttribute("fingerprint", form.fingerprint());
        } else {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        }
        return FORM;
    }
}
