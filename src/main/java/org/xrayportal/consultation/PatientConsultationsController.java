package org.xrayportal.consultation;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.xrayportal.account.Actor;

/** The patient's consultation requests with their status and the clinic's answers. */
@Controller
@PreAuthorize("hasRole('PATIENT')")
class PatientConsultationsController {

    private final ConsultationService consultations;

    PatientConsultationsController(ConsultationService consultations) {
        this.consultations = consultations;
    }

    @GetMapping("/patient/consultations")
    String list(Actor patient, Model model) {
        model.addAttribute("consultations", consultations.ofPatient(patient.accountId()));
        return "consultation/patient-list";
    }
}
