package org.xrayportal.account;

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
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.xrayportal.shared.PatientIdentity;
import org.xrayportal.system.PortalMail;

/** Staff issue an activation code for a PACS identity and print the letter that carries it. */
@Controller
@PreAuthorize("hasRole('STAFF')")
class StaffActivationController {

    private static final String FORM = "account/issue-code";

    private final ActivationService activation;
    private final PacsPatientLookup pacs;
    private final PortalMail mail;

    StaffActivationController(ActivationService activation, PacsPatientLookup pacs, PortalMail mail) {
        this.activation = activation;
        this.pacs = pacs;
        this.mail = mail;
    }

    record IssueCodeForm(
            @NotBlank(message = "{form.required}") @Size(max = 64, message = "{form.tooLong}")
            String patientId,

            @Size(max = 64, message = "{form.tooLong}") String issuerOfPatientId,

            @NotBlank(message = "{form.required}") @Size(max = 200, message = "{form.tooLong}")
            String patientName,

            @NotNull(message = "{form.required}")
            @Past(message = "{form.past}")
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
            LocalDate birthDate) {}

    @ModelAttribute("pacsAvailable")
    boolean pacsAvailable() {
        return pacs.available();
    }

    @GetMapping("/staff/activation-codes/new")
    String initIssueForm(Model model) {
        model.addAttribute("form", new IssueCodeForm("", "", "", null));
        return FORM;
    }

    /** Shows the letter straight away: the code exists in clear only in this one response. */
    @PostMapping("/staff/activation-codes")
    String processIssueForm(
            @Valid @ModelAttribute("form") IssueCodeForm form,
            BindingResult result,
            Authentication authentication,
            HttpServletResponse response,
            Model model) {
        if (!result.hasErrors()) {
            try {
                var issued = activation.issue(
                        new PatientIdentity(form.patientId(), form.issuerOfPatientId()),
                        form.patientName(),
                        form.birthDate(),
                        SignedIn.accountId(authentication));
                model.addAttribute("issued", issued);
                model.addAttribute("expiresOn", LocalDate.ofInstant(issued.expiresAt(), ZoneId.systemDefault()));
                model.addAttribute("activationLink", mail.link("/activate"));
                return "account/letter";
            } catch (ActivationException e) {
                result.rejectValue(e.field(), e.code());
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return FORM;
    }
}
