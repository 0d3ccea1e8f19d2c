package org.xrayportal.viewer;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The patient's landing page; the study list arrives with the viewing issue. */
@Controller
@PreAuthorize("hasRole('PATIENT')")
class PatientHomeController {

    @GetMapping("/patient")
    String home() {
        return "viewer/home";
    }
}
