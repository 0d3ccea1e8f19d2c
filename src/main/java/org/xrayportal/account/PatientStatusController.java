package org.xrayportal.account;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** What a patient whose account is not linked yet sees instead of everything else. */
@Controller
@PreAuthorize("hasRole('PATIENT')")
class PatientStatusController {

    private final AccountService accounts;
    private final RegistrationService registration;

    PatientStatusController(AccountService accounts, RegistrationService registration) {
        this.accounts = accounts;
        this.registration = registration;
    }

    @GetMapping(UnlinkedPatientInterceptor.STATUS_PAGE)
    String status(Authentication authentication, Model model) {
        long accountId = SignedIn.accountId(authentication);
        if (accounts.identityOf(accountId).isPresent()) {
            return "redirect:/patient";
        }
        model.addAttribute("claim", registration.claimOf(accountId).orElse(null));
        return "account/patient-status";
    }
}
