package org.xrayportal.sharing;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.xrayportal.access.StudyAccessPolicy;
import org.xrayportal.access.StudyAccessPolicy.VisibleStudy;
import org.xrayportal.account.Actor;
import org.xrayportal.imaging.DicomUid;
import org.xrayportal.system.FormTokens;
import org.xrayportal.system.ProblemException;
import org.xrayportal.system.QrCodes;

/**
 * The patient's side of sharing: the form on a study, the confirmation that shows the link, QR code, passcode and a
 * printable card once (rendered in answer to the POST, so the secrets are never stored in a session; the form's
 * one-time token makes a reload or replay of that POST create nothing a second time), the list of
 * shares with each access, and revoking.
 */
@Controller
@PreAuthorize("hasRole('PATIENT')")
class PatientSharesController {

    private final SharingService sharing;
    private final StudyAccessPolicy policy;
    private final FormTokens formTokens;

    PatientSharesController(SharingService sharing, StudyAccessPolicy policy, FormTokens formTokens) {
        this.sharing = sharing;
        this.policy = policy;
        this.formTokens = formTokens;
    }

    @GetMapping("/patient/studies/{studyUid}/share")
    String form(Actor patient, @PathVariable String studyUid, Model model) {
        VisibleStudy visible = visible(patient, studyUid);
        SharingProperties properties = sharing.properties();
        Expiry expiry = Expiry.closest(properties.defaultExpiry(), properties.maxExpiry());
        model.addAttribute(
                "shareForm", ShareForm.of(studyUid, expiry, properties.downloadDefault() && visible.allowDownload()));
        return formPage(List.of(visible), model);
    }

    @PostMapping("/patient/shares")
    String create(
            Actor patient,
            @Valid @ModelAttribute("shareForm") ShareForm form,
            BindingResult errors,
            @RequestParam(name = FormTokens.PARAMETER, required = false) String formToken,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        List<String> uids = form.study() == null ? List.of() : form.study();
        if (uids.isEmpty() || uids.size() > 50 || !uids.stream().allMatch(DicomUid::isValid)) {
            throw ProblemException.badRequest("sharing.problem.studies");
        }
        List<VisibleStudy> visible =
                uids.stream().distinct().map(uid -> visible(patient, uid)).toList();
        Optional<Expiry> expiry = Expiry.byId(form.expiry())
                .filter(e -> e.duration().compareTo(sharing.properties().maxExpiry()) <= 0);
        if (expiry.isEmpty()) {
            errors.rejectValue("expiry", "sharing.form.expiry.invalid");
        }
        if (form.download() && !visible.stream().allMatch(VisibleStudy::allowDownload)) {
            errors.rejectValue("download", "sharing.form.download.notAllowed");
        }
        if (errors.hasErrors()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return formPage(visible, model);
        }
        if (formToken != null && !formTokens.consume(request, formToken)) {
            redirect.addFlashAttribute("flash", "sharing.flash.alreadyCreated");
            return "redirect:/patient/shares";
        }
        SharingService.Created created =
                sharing.create(patient, uids, form.recipient(), expiry.get().duration(), form.download());
        String link = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/s/{token}")
                .buildAndExpand(created.token())
                .toUriString();
        model.addAttribute("share", created.share());
        model.addAttribute("link", link);
        model.addAttribute("qrCode", QrCodes.svgDataUri(link));
        model.addAttribute("passcode", created.passcode() == null ? null : ShareSecrets.grouped(created.passcode()));
        model.addAttribute("studies", visible);
        return "sharing/created";
    }

    @GetMapping("/patient/shares")
    String list(Actor patient, Model model) {
        model.addAttribute("shares", sharing.sharesOf(patient.accountId()));
        return "sharing/shares";
    }

    @PostMapping("/patient/shares/{shareId}/revoke")
    String revoke(Actor patient, @PathVariable String shareId, RedirectAttributes redirect) {
        sharing.revoke(patient, id(shareId));
        redirect.addFlashAttribute("flash", "sharing.flash.revoked");
        return "redirect:/patient/shares";
    }

    private String formPage(List<VisibleStudy> visible, Model model) {
        SharingProperties properties = sharing.properties();
        model.addAttribute("studies", visible);
        model.addAttribute("expiries", Expiry.upTo(properties.maxExpiry()));
        model.addAttribute("downloadPossible", visible.stream().allMatch(VisibleStudy::allowDownload));
        model.addAttribute("birthDateFactor", properties.secondFactor() == SecondFactor.BIRTH_DATE);
        return "sharing/form";
    }

    private VisibleStudy visible(Actor patient, String studyUid) {
        if (!DicomUid.isValid(studyUid)) {
            throw ProblemException.badRequest("sharing.problem.studies");
        }
        if (!sharing.properties().enabled()) {
            throw ProblemException.notFound();
        }
        return policy.authorize(patient, studyUid).orElseThrow(ProblemException::notFound);
    }

    private static long id(String value) {
        if (value == null
                || value.isEmpty()
                || value.length() > 18
                || !value.chars().allMatch(Character::isDigit)) {
            throw ProblemException.badRequest("sharing.problem.share");
        }
        return Long.parseLong(value);
    }
}
