package org.xrayportal.viewer;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xrayportal.access.StudyAccessPolicy;
import org.xrayportal.account.AccountService;
import org.xrayportal.account.Actor;
import org.xrayportal.imaging.DicomUid;
import org.xrayportal.imaging.PacsException;
import org.xrayportal.system.Confirmation;

/**
 * "These are not my images" (issue 10): a confirmation page, then a POST that suspends the account's image access at
 * once (the access policy checks it on every request: list, study page, frames, thumbnails, downloads), audits it
 * and puts an alert with the study into the staff queue.
 */
@Controller
@PreAuthorize("hasRole('PATIENT')")
class NotMyImagesController {

    private final StudyAccessPolicy policy;
    private final AccountService accounts;

    NotMyImagesController(StudyAccessPolicy policy, AccountService accounts) {
        this.policy = policy;
        this.accounts = accounts;
    }

    @GetMapping("/patient/studies/{studyUid}/not-mine")
    String confirm(Actor patient, @PathVariable String studyUid, Model model) {
        var visible = visibleOrNotFound(patient, studyUid);
        model.addAttribute("visible", visible);
        model.addAttribute("study", visible.study());
        return "viewer/not-mine";
    }

    @PostMapping("/patient/studies/{studyUid}/not-mine")
    String report(Actor patient, @PathVariable String studyUid, RedirectAttributes redirect) {
        visibleOrNotFound(patient, studyUid);
        accounts.reportNotMyImages(patient.accountId(), studyUid);
        return Confirmation.redirect(redirect, "notMineReported", "identity.notMine.done", "/patient/studies");
    }

    private StudyAccessPolicy.VisibleStudy visibleOrNotFound(Actor patient, String studyUid) {
        if (!DicomUid.isValid(studyUid)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
        return policy.authorize(patient, studyUid).orElseThrow(() -> PacsException.notFound("study not visible"));
    }
}
