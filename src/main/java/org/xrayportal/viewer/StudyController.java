package org.xrayportal.viewer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.xrayportal.access.StudyAccessPolicy;
import org.xrayportal.access.StudyAccessPolicy.VisibleStudy;
import org.xrayportal.account.AccountService;
import org.xrayportal.account.Actor;
import org.xrayportal.consent.ConsentService;
import org.xrayportal.consultation.ConsultationForm;
import org.xrayportal.consultation.ConsultationService;
import org.xrayportal.imaging.DicomUid;
import org.xrayportal.imaging.DisplayPreset;
import org.xrayportal.imaging.PacsException;
import org.xrayportal.imaging.PacsGateway;
import org.xrayportal.imaging.RenderOptions;

/**
 * The patient's study list and the study page with its viewer and consultation form (posted to the consultation
 * feature); all only through the access policy. The page itself is built by {@link StudyPage}, an empty list explained
 * by {@link EmptyStudyList}.
 */
@Controller
@PreAuthorize("hasRole('PATIENT')")
class StudyController {

    private final StudyAccessPolicy policy;
    private final AccountService accounts;
    private final ConsentService consents;
    private final EmptyStudyList emptyList;
    private final ViewAudit audit;
    private final ConsultationService consultations;
    private final ViewerPreferences preferences;
    private final StudyPageLoader loader;
    private final FrameCache frames;
    private final PacsGateway pacs;

    StudyController(
            StudyAccessPolicy policy,
            AccountService accounts,
            ConsentService consents,
            EmptyStudyList emptyList,
            ViewAudit audit,
            ConsultationService consultations,
            ViewerPreferences preferences,
            StudyPageLoader loader,
            FrameCache frames,
            PacsGateway pacs) {
        this.policy = policy;
        this.accounts = accounts;
        this.consents = consents;
        this.emptyList = emptyList;
        this.audit = audit;
        this.consultations = consultations;
        this.preferences = preferences;
        this.loader = loader;
        this.frames = frames;
        this.pacs = pacs;
    }

    @GetMapping("/patient/studies")
    String list(Actor patient, Model model) {
        var list = policy.studyList(patient);
        model.addAttribute("studies", list.studies());
        model.addAttribute("withheld", list.withheld());
        model.addAttribute("suspended", list.suspended());
        if (list.studies().isEmpty() && !list.suspended()) {
            EmptyStudyList.Explanation why = emptyList.explain(patient.accountId());
            model.addAttribute("emptyState", why.reason().name());
            if (why.expiredAt() != null) {
                model.addAttribute("expiredAt", why.expiredAt());
            }
        }
        return "viewer/studies";
    }

    @GetMapping("/patient/studies/{studyUid}")
    String study(
            Actor patient,
            @PathVariable String studyUid,
            @RequestParam(name = "image", required = false) Integer selected,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        long deadline = loader.deadlineFromNow();
        if (!DicomUid.isValid(studyUid)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
        var authorized = policy.authorize(patient, studyUid);
        if (authorized.isEmpty() && needsNewConsent(patient)) {
            // A bookmarked study after the terms changed: ask for the new agreement, then come back here. Said for
            // any well-formed UID, so it tells nothing about which studies exist. Asked only when the policy refused
            // (it requires a current consent), so an admitted page costs no consent reads of its own.
            return "redirect:/patient/consent?next=/patient/studies/" + studyUid;
        }
        VisibleStudy visible = authorized.orElseThrow(() -> PacsException.notFound("study not visible"));
        // The PACS calls run concurrently and within the page's deadline; what is not there by then is left out.
        StudyPage page = StudyPage.of(visible, loader.load(visible.identity(), studyUid, deadline), selected);
        // Recorded before the page (with its thumbnails and first image) is sent.
        audit.studyOpened(patient, visible, request, response);
        prefetchFirstFrame(visible, page);
        model.addAttribute("consultationForm", ConsultationForm.empty());
        model.addAttribute("incomplete", page.incomplete());
        model.addAttribute("visible", visible);
        model.addAttribute("study", visible.study());
        model.addAttribute("series", page.series());
        model.addAttribute("images", page.images());
        model.addAttribute("documents", page.documents());
        model.addAttribute("current", page.current());
        model.addAttribute("defaultSize", FrameController.DEFAULT_SIZE);
        model.addAttribute("multiFrame", page.multiFrame());
        model.addAttribute("bodyParts", page.bodyParts());
        model.addAttribute(
                "theme", preferences.themeOf(patient.accountId()).name().toLowerCase(Locale.ROOT));
        model.addAttribute("patientName", page.patientName());
        model.addAttribute("consultations", consultations.ofPatientForStudy(patient.accountId(), studyUid));
        return "viewer/study";
    }

    /** The frame the page's image element asks for first, rendered while the page is written (issue 14). */
    private void prefetchFirstFrame(VisibleStudy visible, StudyPage page) {
        StudyPage.ImageRef first = page.current();
        if (first == null) {
            return;
        }
        String studyUid = visible.study().studyInstanceUid();
        String seriesUid = first.series().seriesInstanceUid();
        String instanceUid = first.instance().sopInstanceUid();
        RenderOptions options = FrameController.options(null, null, String.valueOf(FrameController.DEFAULT_SIZE))
                .withPreset(DisplayPreset.AS_STORED);
        frames.prefetch(
                new FrameCache.Key(visible.identity(), studyUid, seriesUid, instanceUid, 1, options),
                () -> pacs.renderFrame(visible.identity(), studyUid, seriesUid, instanceUid, 1, options));
    }

    private boolean needsNewConsent(Actor patient) {
        return accounts.identityOf(patient.accountId()).isPresent() && !consents.hasCurrentConsent(patient.accountId());
    }
}
