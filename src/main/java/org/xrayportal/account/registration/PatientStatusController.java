package org.xrayportal.account.registration;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.xrayportal.account.AccountService;
import org.xrayportal.security.CurrentUser;
import org.xrayportal.security.PortalUser;

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
    String status(@CurrentUser PortalUser user, Model model) {
        long accountId = user.id();
        if (accounts.identityOf(accountId).isPresent()) {
            return "redirect:/patient";
        }
        model.addAttribute("claim", registration.claimOf(accountId).orElse(null));
        return "account/patient-status";
    }
}
