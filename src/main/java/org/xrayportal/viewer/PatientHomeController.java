package org.xrayportal.viewer;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.xrayportal.account.Actor;
import org.xrayportal.consent.ConsentService;

/** The patient's landing page: where they stand with the terms; the study list arrives with the viewing issue. */
@Controller
@PreAuthorize("hasRole('PATIENT')")
class PatientHomeController {

    private final ConsentService consents;

    PatientHomeController(ConsentService consents) {
        this.consents = consents;
    }

    @GetMapping("/patient")
    String home(Actor patient, Model model) {
        model.addAttribute("consent", consents.statusOf(patient.accountId()));
        return "viewer/home";
    }
}
