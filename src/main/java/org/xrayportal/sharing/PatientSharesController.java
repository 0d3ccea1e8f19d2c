package org.xrayportal.sharing;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
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
import org.xrayportal.imaging.PacsException;
import org.xrayportal.system.FormTokens;
import org.xrayportal.system.ProblemException;
import org.xrayportal.system.QrCodes;

/**
 * The patient's side of sharing: the form (from a study, with that study ticked, or from the list of shares) offering
 * every study the patient may see now, the confirmation that shows the link, QR code, passcode and a printable card
 * once (rendered in answer to the POST, so the secrets are never stored in a session; the form's one-time token makes
 * a reload or replay of that POST create nothing a second time), the list of shares with each access, revoking, and a
 * new passcode for a live share (shown once, the same way). While the clinic has turned sharing off, the forms answer
 * the "sharing is off" page (409).
 */
@Controller
@PreAuthorize("hasRole('PATIENT')")
class PatientSharesController {

    static final int MAX_STUDIES = 50;

    private final SharingService sharing;
    private final StudyAccessPolicy policy;
    private final FormTokens formTokens;

    PatientSharesController(SharingService sharing, StudyAccessPolicy policy, FormTokens formTokens) {
        this.sharing = sharing;
        this.policy = policy;
        this.formTokens = formTokens;
    }

    @GetMapping("/patient/studies/{studyUid}/share")
    String form(Actor patient, @PathVariable String studyUid, HttpServletResponse response, Model model) {
        if (!DicomUid.isValid(studyUid)) {
            throw ProblemException.badRequest("sharing.problem.studies");
        }
        SharingSettings settings = sharing.settings();
        if (!settings.enabled()) {
            return off(response);
        }
        VisibleStudy visible = policy.authorize(patient, studyUid).orElseThrow(ProblemException::notFound);
        boolean download = settings.download() == SharingSettings.Download.ON_BY_DEFAULT && visible.allowDownload();
        model.addAttribute(
                "shareForm",
                new ShareForm(
                        List.of(studyUid),
                        "",
                        settings.defaultExpiry(sharing.properties()).id(),
                        download));
        model.addAttribute("fromStudy", visible);
        return formPage(patient, settings, model);
    }

    @GetMapping("/patient/shares/new")
    String newShare(Actor patient, HttpServletResponse response, Model model) {
        SharingSettings settings = sharing.settings();
        if (!settings.enabled()) {
            return off(response);
        }
        model.addAttribute(
                "shareForm",
                new ShareForm(
                        List.of(),
                        "",
                        settings.defaultExpiry(sharing.properties()).id(),
                        false));
        return formPage(patient, settings, model);
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
        if (errors.getFieldErrors().stream().anyMatch(FieldError::isBindingFailure)) {
            throw ProblemException.badRequest("sharing.problem.studies"); // not what the form sends
        }
        List<String> uids = form.study() == null
                ? List.of()
                : form.study().stream().distinct().toList();
        if (uids.size() > MAX_STUDIES || !uids.stream().allMatch(DicomUid::isValid)) {
            throw ProblemException.badRequest("sharing.problem.studies");
        }
        SharingSettings settings = sharing.settings();
        if (!settings.enabled()) {
            return off(response);
        }
        List<VisibleStudy> visible = uids.stream()
                .map(uid -> policy.authorize(patient, uid).orElseThrow(ProblemException::notFound))
                .toList();
        if (visible.isEmpty()) {
            errors.rejectValue("study", "sharing.form.study.required");
        }
        Optional<Expiry> expiry =
                Expiry.byId(form.expiry()).filter(e -> e.duration().compareTo(settings.maxExpiry()) <= 0);
        if (expiry.isEmpty()) {
            errors.rejectValue("expiry", "sharing.form.expiry.invalid");
        }
        if (form.download() && !settings.downloadAllowed()) {
            errors.rejectValue("download", "sharing.form.downloadForbidden");
        } else if (form.download() && !visible.stream().allMatch(VisibleStudy::allowDownload)) {
            errors.rejectValue("download", "sharing.form.download.notAllowed");
        }
        if (errors.hasErrors()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return formPage(patient, settings, model);
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
        model.addAttribute("studyNames", studiesByUid(patient));
        model.addAttribute("sharingOn", sharing.settings().enabled());
        return "sharing/shares";
    }

    @PostMapping("/patient/shares/{shareId}/revoke")
    String revoke(Actor patient, @PathVariable String shareId, RedirectAttributes redirect) {
        sharing.revoke(patient, id(shareId));
        redirect.addFlashAttribute("flash", "sharing.flash.revoked");
        return "redirect:/patient/shares";
    }

    /** A new passcode for a live share, shown once (a reload of this POST changes nothing a second time). */
    @PostMapping("/patient/shares/{shareId}/passcode")
    String renewPasscode(
            Actor patient,
            @PathVariable String shareId,
            @RequestParam(name = FormTokens.PARAMETER, required = false) String formToken,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        long id = id(shareId);
        if (!sharing.settings().enabled()) {
            return off(response);
        }
        if (formToken != null && !formTokens.consume(request, formToken)) {
            redirect.addFlashAttribute("flash", "sharing.flash.alreadyRenewed");
            return "redirect:/patient/shares";
        }
        SharingService.Renewed renewed = sharing.renewPasscode(patient, id);
        model.addAttribute("share", renewed.share());
        model.addAttribute("passcode", renewed.passcode() == null ? null : ShareSecrets.grouped(renewed.passcode()));
        return "sharing/renewed";
    }

    private String formPage(Actor patient, SharingSettings settings, Model model) {
        List<VisibleStudy> studies = policy.visibleStudies(patient);
        model.addAttribute("studies", studies);
        model.addAttribute("expiries", Expiry.upTo(settings.maxExpiry()));
        boolean downloadPossible =
                settings.downloadAllowed() && studies.stream().anyMatch(VisibleStudy::allowDownload);
        model.addAttribute("downloadPossible", downloadPossible);
        // Only when some studies could be downloaded and others not is each view-only one marked.
        model.addAttribute("someViewOnly", downloadPossible && studies.stream().anyMatch(v -> !v.allowDownload()));
        model.addAttribute("clinicNoDownload", !settings.downloadAllowed());
        // What this patient's share will ask for: a patient without a verified date of birth gets a passcode even where
        // the clinic chose the date of birth, and the form says so (SharingService.secondFactorFor).
        SecondFactor factor = sharing.secondFactorFor(patient, settings);
        model.addAttribute("birthDateFactor", factor == SecondFactor.BIRTH_DATE);
        model.addAttribute(
                "passcodeForNoBirthDate",
                settings.secondFactor() == SecondFactor.BIRTH_DATE && factor == SecondFactor.PASSCODE);
        return "sharing/form";
    }

    /** The patient's studies by UID, to name each share's studies; none when the PACS cannot answer now. */
    private Map<String, VisibleStudy> studiesByUid(Actor patient) {
        Map<String, VisibleStudy> byUid = new LinkedHashMap<>();
        try {
            policy.visibleStudies(patient).forEach(v -> byUid.put(v.study().studyInstanceUid(), v));
        } catch (PacsException e) {
            // The list still shows every share (and ending it works); the studies are then named "not available".
        }
        return byUid;
    }

    private static String off(HttpServletResponse response) {
        response.setStatus(HttpStatus.CONFLICT.value());
        return "sharing/off";
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
