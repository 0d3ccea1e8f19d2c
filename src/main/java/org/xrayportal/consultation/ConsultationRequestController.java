package org.xrayportal.consultation;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xrayportal.access.StudyAccessPolicy;
import org.xrayportal.access.StudyAccessPolicy.VisibleStudy;
import org.xrayportal.account.Actor;
import org.xrayportal.imaging.DicomUid;
import org.xrayportal.system.Confirmation;
import org.xrayportal.system.FormTokens;
import org.xrayportal.system.ProblemException;

/**
 * A patient asks the clinic about a study, from the form on the study page. The study must still be one the access
 * policy admits for them; a form with errors is shown again on its own page (422), a sent one returns to the study.
 * The form's one-time token makes a replayed POST store nothing a second time.
 */
@Controller
@PreAuthorize("hasRole('PATIENT')")
class ConsultationRequestController {

    private final StudyAccessPolicy policy;
    private final ConsultationService consultations;
    private final FormTokens formTokens;

    ConsultationRequestController(StudyAccessPolicy policy, ConsultationService consultations, FormTokens formTokens) {
        this.policy = policy;
        this.consultations = consultations;
        this.formTokens = formTokens;
    }

    @PostMapping("/patient/studies/{studyUid}/consultations")
    String request(
            Actor patient,
            @PathVariable String studyUid,
            @Valid @ModelAttribute("consultationForm") ConsultationForm form,
            BindingResult errors,
            @RequestParam(name = FormTokens.PARAMETER, required = false) String formToken,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        if (!DicomUid.isValid(studyUid)) {
            throw ProblemException.badRequest("error.4xx.body");
        }
        VisibleStudy visible = policy.authorize(patient, studyUid).orElseThrow(ProblemException::notFound);
        if (!errors.hasFieldErrors("contactMethod") && !errors.hasFieldErrors("phone") && form.phoneMissing()) {
            errors.rejectValue("phone", "consultation.form.phone.required");
        }
        if (errors.hasErrors()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("study", visible.study());
            return "consultation/request";
        }
        if (formToken != null && !formTokens.consume(request, formToken)) {
            return Confirmation.redirect(
                    redirect,
                    "consultationSent",
                    "consultation.flash.alreadySent",
                    "/patient/studies/" + studyUid + "#consultation");
        }
        consultations.submit(patient, visible.identity(), visible.study(), form);
        return Confirmation.redirect(
                redirect,
                "consultationSent",
                "consultation.flash.sent",
                "/patient/studies/" + studyUid + "#consultation");
    }
}
