package org.xrayportal.viewer;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.xrayportal.access.AccessGrant;
import org.xrayportal.access.AccessRequest;
import org.xrayportal.access.AccessService;
import org.xrayportal.access.StudyAccessPolicy;
import org.xrayportal.access.StudyAccessPolicy.VisibleStudy;
import org.xrayportal.account.AccountService;
import org.xrayportal.account.Actor;
import org.xrayportal.consent.ConsentService;
import org.xrayportal.consultation.ConsultationForm;
import org.xrayportal.consultation.ConsultationService;
import org.xrayportal.imaging.DicomUid;
import org.xrayportal.imaging.Instance;
import org.xrayportal.imaging.ObjectKind;
import org.xrayportal.imaging.PacsException;
import org.xrayportal.imaging.Series;
import org.xrayportal.shared.PersonNames;

/**
 * The patient's study list and the study page with its viewer and consultation form (posted to the consultation
 * feature); all only through the access policy.
 */
@Controller
@PreAuthorize("hasRole('PATIENT')")
class StudyController {

    /** Why the list is empty, most useful explanation first. */
    enum EmptyState {
        NOT_LINKED,
        NO_CONSENT,
        PENDING,
        EXPIRED,
        REVOKED,
        NO_REQUEST,
        NO_STUDIES
    }

    /** One image (instance) of the study as the viewer steps through them, in series and instance order. */
    record ImageRef(
            int index,
            Series series,
            int seriesPosition,
            Instance instance,
            String frameUrl,
            Integer windowCenter,
            Integer windowWidth) {

        /** The "save picture" address of this image (DownloadController), next to its frames. */
        public String downloadUrl() {
            return frameUrl.substring(0, frameUrl.length() - "frames/".length()) + "download";
        }
    }

    /** A series with the index of its first image, for its thumbnail. */
    record SeriesRef(Series series, int firstImage, String thumbnailUrl) {}

    /** An object that is not an image (report, PDF, presentation state, header-only): listed, never shown as one. */
    record DocumentRef(Series series, Instance instance, ObjectKind kind) {}

    private final StudyAccessPolicy policy;
    private final AccountService accounts;
    private final ConsentService consents;
    private final AccessService access;
    private final ViewAudit audit;
    private final ConsultationService consultations;
    private final ViewerPreferences preferences;
    private final Clock clock;
    private final StudyPageLoader loader;

    StudyController(
            StudyAccessPolicy policy,
            AccountService accounts,
            ConsentService consents,
            AccessService access,
            ViewAudit audit,
            ConsultationService consultations,
            ViewerPreferences preferences,
            Clock clock,
            StudyPageLoader loader) {
        this.policy = policy;
        this.accounts = accounts;
        this.consents = consents;
        this.access = access;
        this.audit = audit;
        this.consultations = consultations;
        this.preferences = preferences;
        this.clock = clock;
        this.loader = loader;
    }

    @GetMapping("/patient/studies")
    String list(Actor patient, Model model) {
        var list = policy.studyList(patient);
        List<VisibleStudy> studies = list.studies();
        model.addAttribute("studies", studies);
        model.addAttribute("withheld", list.withheld());
        model.addAttribute("suspended", list.suspended());
        if (studies.isEmpty() && !list.suspended()) {
            explainEmpty(patient, model);
        }
        return "viewer/studies";
    }

    @GetMapping("/patient/studies/{studyUid}")
    String study(
            Actor patient,
            @PathVariable String studyUid,
            @RequestParam(name = "image", required = false) Integer selected,
            HttpServletRequest request,
            Model model) {
        if (DicomUid.isValid(studyUid) && needsNewConsent(patient)) {
            // A bookmarked study after the terms changed: ask for the new agreement, then come back here. Said for
            // any well-formed UID, so it tells nothing about which studies exist.
            return "redirect:/patient/consent?next=/patient/studies/" + studyUid;
        }
        long deadline = loader.deadlineFromNow();
        VisibleStudy visible = visibleOrNotFound(patient, studyUid);
        model.addAttribute("consultationForm", ConsultationForm.empty());
        return page(patient, visible, selected, deadline, request, model);
    }

    private boolean needsNewConsent(Actor patient) {
        return accounts.identityOf(patient.accountId()).isPresent() && !consents.hasCurrentConsent(patient.accountId());
    }

    private VisibleStudy visibleOrNotFound(Actor patient, String studyUid) {
        if (!DicomUid.isValid(studyUid)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
        return policy.authorize(patient, studyUid).orElseThrow(() -> PacsException.notFound("study not visible"));
    }

    private String page(
            Actor patient,
            VisibleStudy visible,
            Integer selected,
            long deadline,
            HttpServletRequest request,
            Model model) {
        String studyUid = visible.study().studyInstanceUid();
        List<SeriesRef> series = new ArrayList<>();
        List<ImageRef> images = new ArrayList<>();
        List<DocumentRef> documents = new ArrayList<>();
        // The PACS calls run concurrently and within the page's deadline; what is not there by then is left out.
        StudyPageLoader.Loaded loaded = loader.load(visible.identity(), studyUid, deadline);
        for (StudyPageLoader.SeriesInstances entry : loaded.series()) {
            Series s = entry.series();
            List<Instance> instances = new ArrayList<>();
            for (Instance instance : entry.instances()) {
                if (instance.kind() == ObjectKind.IMAGE) {
                    instances.add(instance);
                } else {
                    documents.add(new DocumentRef(s, instance, instance.kind()));
                }
            }
            if (instances.isEmpty()) {
                continue;
            }
            String base = "/patient/studies/" + studyUid + "/series/" + s.seriesInstanceUid();
            series.add(new SeriesRef(s, images.size(), base + "/thumbnail"));
            int position = 1;
            for (Instance instance : instances) {
                images.add(new ImageRef(
                        images.size(),
                        s,
                        position++,
                        instance,
                        base + "/instances/" + instance.sopInstanceUid() + "/frames/",
                        round(instance.windowCenter()),
                        round(instance.windowWidth())));
            }
        }
        // Recorded before the page (with its thumbnails and first image) is sent.
        audit.studyOpened(patient, visible, request);
        int current = selected == null || selected < 0 || selected >= images.size() ? 0 : selected;
        model.addAttribute("incomplete", loaded.incomplete());
        model.addAttribute("visible", visible);
        model.addAttribute("study", visible.study());
        model.addAttribute("series", series);
        model.addAttribute("images", images);
        model.addAttribute("documents", documents);
        model.addAttribute("current", images.isEmpty() ? null : images.get(current));
        model.addAttribute("defaultSize", FrameController.DEFAULT_SIZE);
        model.addAttribute(
                "multiFrame", images.stream().anyMatch(image -> image.instance().numberOfFrames() > 1));
        model.addAttribute(
                "theme", preferences.themeOf(patient.accountId()).name().toLowerCase(Locale.ROOT));
        model.addAttribute("patientName", PersonNames.display(visible.study().patientName()));
        model.addAttribute("consultations", consultations.ofPatientForStudy(patient.accountId(), studyUid));
        return "viewer/study";
    }

    private void explainEmpty(Actor patient, Model model) {
        EmptyState state;
        Instant now = clock.instant();
        if (accounts.identityOf(patient.accountId()).isEmpty()) {
            state = EmptyState.NOT_LINKED;
        } else if (!consents.hasCurrentConsent(patient.accountId())) {
            state = EmptyState.NO_CONSENT;
        } else {
            List<AccessGrant> grants = access.grantsOf(patient.accountId());
            if (grants.stream().anyMatch(grant -> grant.isActiveAt(now))) {
                state = EmptyState.NO_STUDIES;
            } else if (access.requestsOf(patient.accountId()).stream().anyMatch(AccessRequest::isPending)) {
                state = EmptyState.PENDING;
            } else if (grants.stream().anyMatch(grant -> grant.hasExpiredAt(now))) {
                state = EmptyState.EXPIRED;
                model.addAttribute(
                        "expiredAt",
                        grants.stream()
                                .filter(grant -> grant.hasExpiredAt(now))
                                .map(AccessGrant::expiresAt)
                                .max(Comparator.naturalOrder())
                                .orElseThrow());
            } else if (grants.stream().anyMatch(AccessGrant::isRevoked)) {
                state = EmptyState.REVOKED;
            } else {
                state = EmptyState.NO_REQUEST;
            }
        }
        model.addAttribute("emptyState", state.name());
    }

    private static Integer round(Double value) {
        return value == null ? null : (int) Math.round(value);
    }
}
