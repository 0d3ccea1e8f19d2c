package org.xrayportal.viewer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;
import org.xrayportal.access.StudyAccessPolicy;
import org.xrayportal.access.StudyAccessPolicy.VisibleStudy;
import org.xrayportal.account.Actor;
import org.xrayportal.imaging.DicomUid;
import org.xrayportal.imaging.Instance;
import org.xrayportal.imaging.PacsException;
import org.xrayportal.imaging.PacsGateway;
import org.xrayportal.imaging.Series;
import org.xrayportal.shared.PersonNames;

/**
 * The print version of a study (issue 15): one page per image, each with a header (patient, study, date), the image
 * fitted to the page and the notice in full; no navigation. The frames come through FrameController like on the study
 * page, so access checks and VIEW events are the same.
 */
@Controller
@PreAuthorize("hasRole('PATIENT')")
class PrintController {

    /** One printed page: the image's first frame in its own proportions. */
    record PrintedImage(int number, String description, String frameUrl) {}

    /** Long side of a printed image, in pixels: sharp at about 200 dpi on A4 or Letter. */
    static final int PRINT_SIZE = 2048;

    private final StudyAccessPolicy policy;
    private final PacsGateway pacs;
    private final ViewAudit audit;

    PrintController(StudyAccessPolicy policy, PacsGateway pacs, ViewAudit audit) {
        this.policy = policy;
        this.pacs = pacs;
        this.audit = audit;
    }

    @GetMapping("/patient/studies/{studyUid}/print")
    String print(
            Actor patient,
            @PathVariable String studyUid,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        if (!DicomUid.isValid(studyUid)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
        VisibleStudy visible =
                policy.authorize(patient, studyUid).orElseThrow(() -> PacsException.notFound("study not visible"));
        List<PrintedImage> images = new ArrayList<>();
        for (Series s : pacs.listSeries(visible.identity(), studyUid)) {
            for (Instance instance : pacs.listInstances(visible.identity(), studyUid, s.seriesInstanceUid())) {
                images.add(new PrintedImage(
                        images.size() + 1,
                        s.description(),
                        "/patient/studies/" + studyUid + "/series/" + s.seriesInstanceUid() + "/instances/"
                                + instance.sopInstanceUid() + "/frames/1"));
            }
        }
        audit.studyOpened(patient, visible, request, response);
        model.addAttribute("study", visible.study());
        model.addAttribute("patientName", PersonNames.display(visible.study().patientName()));
        model.addAttribute("images", images);
        model.addAttribute("printSize", PRINT_SIZE);
        return "viewer/print";
    }
}
