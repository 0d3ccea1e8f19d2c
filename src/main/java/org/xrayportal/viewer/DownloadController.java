package org.xrayportal.viewer;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
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
import org.xrayportal.audit.AuditOutcome;
import org.xrayportal.imaging.DicomUid;
import org.xrayportal.imaging.ImageFormat;
import org.xrayportal.imaging.PacsException;
import org.xrayportal.imaging.PacsGateway;
import org.xrayportal.imaging.RenderOptions;
import org.xrayportal.imaging.RenderedImage;
import org.xrayportal.imaging.Series;
import org.xrayportal.imaging.Study;
import org.xrayportal.shared.PersonNames;
import org.xrayportal.system.DisplayTime;
import org.xrayportal.viewer.DownloadAudit.Export;
import org.xrayportal.viewer.DownloadAudit.Kind;

/**
 * Patient downloads (DESIGN.md section 4): a study's original DICOM files as a ZIP streamed from the PACS, and one
 * rendered image as JPEG or PNG. Only for studies whose grant allows download; anything else answers 404 exactly like
 * a study that does not exist. Each download is audited before its first byte and again when it ends.
 */
@Controller
@PreAuthorize("hasRole('PATIENT')")
class DownloadController {

    private static final String STUDY = "/patient/studies/{studyUid}/download";

    private final StudyAccessPolicy policy;
    private final PacsGateway pacs;
    private final DownloadAudit audit;
    private final DownloadProperties properties;
    private final MessageSource messages;
    private final DisplayTime displayTime;
    private final ClinicNotice clinicNotice;
    private final ZipDeflaters deflaters;

    DownloadController(
            StudyAccessPolicy policy,
            PacsGateway pacs,
            DownloadAudit audit,
            DownloadProperties properties,
            MessageSource messages,
            DisplayTime displayTime,
            ClinicNotice clinicNotice,
            ZipDeflaters deflaters) {
        this.policy = policy;
        this.pacs = pacs;
        this.audit = audit;
        this.properties = properties;
        this.messages = messages;
        this.displayTime = displayTime;
        this.clinicNotice = clinicNotice;
        this.deflaters = deflaters;
    }

    /** The preparation step: what the ZIP will hold (the byte size is not known before the PACS sends it). */
    @GetMapping(STUDY)
    String prepare(Actor patient, @PathVariable String studyUid, Model model) {
        VisibleStudy study = downloadable(patient, studyUid);
        // The study-level instance search the study page made, kept for a minute: counted here, and the ZIP's names
        // come from it too when the patient asks for the ZIP (StudyZip.plan), so that it starts without a search.
        Optional<List<PacsGateway.SeriesContents>> contents = pacs.studyContents(study.identity(), studyUid);
        List<Series> series = contents.isPresent()
                ? contents.get().stream()
                        .map(PacsGateway.SeriesContents::series)
                        .toList()
                : pacs.listSeries(study.identity(), studyUid);
        int files = contents.isPresent()
                ? contents.get().stream().mapToInt(c -> c.instances().size()).sum()
                : series.stream().mapToInt(Series::numberOfInstances).sum();
        model.addAttribute("study", study.study());
        model.addAttribute("seriesCount", series.size());
        model.addAttribute("fileCount", files);
        model.addAttribute("remaining", audit.remaining(patient, Kind.STUDY_ZIP));
        model.addAttribute("limit", audit.limit(Kind.STUDY_ZIP));
        return "viewer/download";
    }

    @GetMapping(STUDY + "/zip")
    void zip(Actor patient, @PathVariable String studyUid, HttpServletResponse response, Locale locale)
            throws IOException {
        VisibleStudy study = downloadable(patient, studyUid);
        audit.checkLimit(patient, study, Kind.STUDY_ZIP);
        StudyZip zip = StudyZip.plan(pacs, study.identity(), studyUid, properties, deflaters);
        String readme = messages.getMessage(
                        "download.readme.patient",
                        new Object[] {
                            study.ownerName(),
                            study.study().patientBirthDate() == null
                                    ? "-"
                                    : study.study().patientBirthDate().toString()
                        },
                        locale)
                + readmeStudy(study.study(), locale)
                + messages.getMessage("download.readme", null, locale);

        Export export = audit.started(patient, study, Kind.STUDY_ZIP, null, null);
        response.setContentType("application/zip");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, attachment("xray-study", study, "zip"));
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        // Tomcat's 8 KiB default would send the ZIP as 8 KiB chunks, each through the chunked encoder and a socket
        // write.
        response.setBufferSize(StudyZip.RESPONSE_BUFFER);
        StudyZip.Counting out = new StudyZip.Counting(response.getOutputStream());
        export.progress(out::count, zip::instancesWritten);
        try {
            zip.write(pacs, study.identity(), studyUid, readme, out);
            audit.finished(export, AuditOutcome.SUCCESS, out.count(), zip.instancesWritten(), null);
        } catch (UncheckedIOException | IOException e) {
            // The browser went away (cancelled, closed, lost the line): nothing to answer to.
            audit.finished(export, AuditOutcome.MINOR_FAILURE, out.count(), zip.instancesWritten(), "client-aborted");
        } catch (PacsException e) {
            // Before the response is committed nothing has left: what was written sits in the buffer reset below.
            boolean sent = response.isCommitted();
            audit.finished(
                    export,
                    AuditOutcome.SERIOUS_FAILURE,
                    sent ? out.count() : 0,
                    sent ? zip.instancesWritten() : 0,
                    "pacs-" + e.kind().name().toLowerCase(Locale.ROOT));
            if (!sent) {
                response.reset();
                throw e; // the calm PACS error page
            }
            // Half a ZIP is already out: break the connection so the browser reports a failed download.
            throw new DownloadInterruptedException(e);
        }
    }

    /**
     * The current image as the patient sees it (optionally with their window and inverted), at full resolution; with
     * {@code caption=true} the "save picture" of the viewer, with the notice, the patient's name and the study date in
     * a strip below the image.
     */
    @GetMapping("/patient/studies/{studyUid}/series/{seriesUid}/instances/{instanceUid}/download")
    void image(
            Actor patient,
            @PathVariable String studyUid,
            @PathVariable String seriesUid,
            @PathVariable String instanceUid,
            @Valid PictureQuery query,
            HttpServletResponse response,
            Locale locale)
            throws IOException {
        requireUid(seriesUid);
        requireUid(instanceUid);
        ImageFormat imageFormat = query.imageFormat();
        RenderOptions options = query.renderOptions();
        VisibleStudy study = downloadable(patient, studyUid);
        audit.checkLimit(patient, study, Kind.IMAGE);
        RenderedImage rendered =
                pacs.renderFrame(study.identity(), studyUid, seriesUid, instanceUid, query.frame(), options);
        RenderedImage image = query.caption() || query.invert()
                ? new RenderedImage(
                        CaptionedPicture.compose(
                                rendered.bytes(),
                                imageFormat,
                                query.invert(),
                                query.caption() ? captionOf(study, locale) : List.of()),
                        imageFormat)
                : rendered;

        Export export = audit.started(patient, study, Kind.IMAGE, seriesUid, instanceUid);
        response.setContentType(image.format().mediaType());
        response.setContentLength(image.size());
        response.setHeader(
                HttpHeaders.CONTENT_DISPOSITION,
                attachment("xray-image", study, imageFormat == ImageFormat.PNG ? "png" : "jpg"));
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        try {
            response.getOutputStream().write(image.bytes());
            response.flushBuffer();
            audit.finished(export, AuditOutcome.SUCCESS, image.size(), 1, null);
        } catch (IOException e) {
            audit.finished(export, AuditOutcome.MINOR_FAILURE, 0, 0, "client-aborted");
        }
    }

    private List<String> captionOf(VisibleStudy study, Locale locale) {
        LocalDate date = study.study().studyDate();
        return CaptionedPicture.caption(
                clinicNotice.shown(),
                PersonNames.display(study.study().patientName()),
                date == null ? "-" : displayTime.date(date),
                messages,
                locale);
    }

    private VisibleStudy downloadable(Actor patient, String studyUid) {
        requireUid(studyUid);
        return policy.authorize(patient, studyUid)
                .filter(VisibleStudy::allowDownload)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    private static void requireUid(String uid) {
        if (!DicomUid.isValid(uid)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "malformed UID");
        }
    }

    /** A file name with the study date only: no names or identifiers of the patient. */
    private static String attachment(String prefix, VisibleStudy study, String extension) {
        LocalDate date = study.study().studyDate();
        String name = prefix + (date == null ? "" : "-" + date) + "." + extension;
        return ContentDisposition.attachment().filename(name).build().toString();
    }

    /** The README's lines naming the study: its description, its date as recorded, its accession number if any. */
    private String readmeStudy(Study study, Locale locale) {
        String description = study.description() == null || study.description().isBlank()
                ? messages.getMessage("access.study.noDescription", null, locale)
                : study.description().strip();
        String date = study.studyDate() == null
                ? messages.getMessage("study.date.notRecorded", null, locale)
                : displayTime.date(study.studyDate(), study.studyDatePrecision());
        String accession =
                study.accessionNumber() == null || study.accessionNumber().isBlank()
                        ? ""
                        : messages.getMessage(
                                "download.readme.study.accession",
                                new Object[] {study.accessionNumber().strip()},
                                locale);
        return messages.getMessage("download.readme.study", new Object[] {description, date, accession}, locale);
    }
}
