package org.xrayportal.viewer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.web.server.ResponseStatusException;
import org.xrayportal.access.StudyAccessPolicy.VisibleStudy;
import org.xrayportal.imaging.DicomUid;
import org.xrayportal.imaging.PacsGateway;
import org.xrayportal.imaging.RenderOptions;
import org.xrayportal.imaging.RenderedImage;

/**
 * The viewer's pages and images for a study someone else already admitted: the share recipient's view-only viewer
 * (issue 19) uses the same page model, frame rendering, frame cache and original-files ZIP as the patient's own, under
 * its own addresses, with its own access check and audit. Callers must have decided access (the {@link VisibleStudy})
 * and recorded the audit event before sending what these methods return.
 */
@Component
public class StudyImages {

    /** The side of the first frame a viewer page asks for. */
    public static final int DEFAULT_SIZE = FrameController.DEFAULT_SIZE;

    private static final String OWN_BASE = "/patient/studies/";

    private final PacsGateway pacs;
    private final FrameCache cache;
    private final StudyPageLoader loader;
    private final int thumbnailSize;
    private final DownloadProperties downloads;
    private final ZipDeflaters deflaters;

    StudyImages(
            PacsGateway pacs,
            FrameCache cache,
            StudyPageLoader loader,
            ViewerProperties viewer,
            DownloadProperties downloads,
            ZipDeflaters deflaters) {
        this.pacs = pacs;
        this.cache = cache;
        this.loader = loader;
        this.thumbnailSize = viewer.thumbnailSize();
        this.downloads = downloads;
        this.deflaters = deflaters;
    }

    /**
     * Loads the study's series and images (within the viewer's page deadline) and adds the viewer's page model
     * ({@code visible, study, series, images, documents, current, defaultSize, multiFrame, patientName, incomplete}), with
     * thumbnail and frame addresses under {@code base} ({@code base + studyUid + "/series/..."}).
     */
    public void addViewerModel(VisibleStudy visible, String base, Integer selected, Model model) {
        String studyUid = visible.study().studyInstanceUid();
        StudyPage page = rebased(
                StudyPage.of(visible, loader.load(visible.identity(), studyUid, loader.deadlineFromNow()), selected),
                base);
        model.addAttribute("visible", visible);
        model.addAttribute("study", visible.study());
        model.addAttribute("series", page.series());
        model.addAttribute("images", page.images());
        model.addAttribute("documents", page.documents());
        model.addAttribute("current", page.current());
        model.addAttribute("defaultSize", DEFAULT_SIZE);
        model.addAttribute("multiFrame", page.multiFrame());
        model.addAttribute("bodyParts", page.bodyParts());
        model.addAttribute("patientName", page.patientName());
        model.addAttribute("incomplete", page.incomplete());
    }

    /** A series' thumbnail; a {@code PacsException} with {@code isObjectFailure()} when the PACS cannot render it. */
    public RenderedImage thumbnail(VisibleStudy visible, String seriesUid) {
        requireUids(seriesUid);
        String studyUid = visible.study().studyInstanceUid();
        RenderOptions options = RenderOptions.jpeg(thumbnailSize, thumbnailSize);
        return cache.get(
                new FrameCache.Key(visible.identity(), studyUid, seriesUid, null, 0, options),
                () -> pacs.thumbnail(visible.identity(), studyUid, seriesUid, thumbnailSize));
    }

    /** The picture shown where the PACS cannot render a thumbnail (PNG). */
    public static byte[] unviewablePlaceholder() {
        return UnviewablePlaceholder.png();
    }

    /**
     * A frame rendered as the viewer asks for it ({@code wc}, {@code ww}, {@code size}, {@code preset} as in the
     * patient's viewer); malformed values are a 400 before any PACS call.
     */
    public RenderedImage frame(
            VisibleStudy visible,
            String seriesUid,
            String instanceUid,
            String frame,
            String windowCenter,
            String windowWidth,
            String size,
            String preset) {
        requireUids(seriesUid, instanceUid);
        if (frame == null
                || frame.isEmpty()
                || frame.length() > 5
                || !frame.chars().allMatch(Character::isDigit)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
        int number = Integer.parseInt(frame);
        if (number < 1 || number > FrameController.MAX_FRAME) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
        RenderOptions options =
                FrameController.options(windowCenter, windowWidth, size).withPreset(FrameController.preset(preset));
        String studyUid = visible.study().studyInstanceUid();
        return cache.get(
                new FrameCache.Key(visible.identity(), studyUid, seriesUid, instanceUid, number, options),
                () -> pacs.renderFrame(visible.identity(), studyUid, seriesUid, instanceUid, number, options));
    }

    /**
     * Streams the study's original DICOM files, byte-identical, as a ZIP with {@code readme}; {@code beforeFirstByte}
     * runs after the PACS listed the study and before anything is written (the caller's audit event). Returns the
     * number of files written.
     */
    public int writeOriginals(VisibleStudy visible, String readme, OutputStream out, Runnable beforeFirstByte)
            throws IOException {
        String studyUid = visible.study().studyInstanceUid();
        StudyZip zip = StudyZip.plan(pacs, visible.identity(), studyUid, downloads, deflaters);
        beforeFirstByte.run();
        zip.write(pacs, visible.identity(), studyUid, readme, out);
        return zip.instancesWritten();
    }

    private static StudyPage rebased(StudyPage page, String base) {
        List<StudyPage.SeriesRef> series = page.series().stream()
                .map(s -> new StudyPage.SeriesRef(s.series(), s.firstImage(), rebase(s.thumbnailUrl(), base)))
                .toList();
        List<StudyPage.ImageRef> images = page.images().stream()
                .map(i -> new StudyPage.ImageRef(
                        i.index(),
                        i.series(),
                        i.seriesPosition(),
                        i.instance(),
                        rebase(i.frameUrl(), base),
                        i.windowCenter(),
                        i.windowWidth()))
                .toList();
        StudyPage.ImageRef current =
                page.current() == null ? null : images.get(page.current().index());
        return new StudyPage(page.visible(), series, images, page.documents(), current, page.incomplete());
    }

    private static String rebase(String url, String base) {
        return url.startsWith(OWN_BASE) ? base + url.substring(OWN_BASE.length()) : url;
    }

    private static void requireUids(String... uids) {
        for (String uid : uids) {
            if (!DicomUid.isValid(uid)) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
            }
        }
    }
}
