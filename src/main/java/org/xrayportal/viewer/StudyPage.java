package org.xrayportal.viewer;

import java.util.ArrayList;
import java.util.List;
import org.xrayportal.access.StudyAccessPolicy.VisibleStudy;
import org.xrayportal.imaging.Instance;
import org.xrayportal.imaging.ObjectKind;
import org.xrayportal.imaging.Series;
import org.xrayportal.shared.PersonNames;

/**
 * What the study page shows, built from what the PACS answered within the page's deadline: one thumbnail per series
 * with images, the images in series and instance order as the viewer steps through them, and the objects that are not
 * images (reports, PDFs, presentation states), listed but never shown as one.
 */
record StudyPage(
        VisibleStudy visible,
        List<SeriesRef> series,
        List<ImageRef> images,
        List<DocumentRef> documents,
        ImageRef current,
        boolean incomplete) {

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

    /**
     * An object that is not an image (report, PDF, presentation state, header-only): listed, never shown as one. A
     * report is read on a page of its own and a PDF downloaded ({@code url}); the others have no url.
     */
    record DocumentRef(Series series, Instance instance, ObjectKind kind, String url) {}

    /**
     * The page of {@code visible} from what was loaded; {@code selected} is the image to open with (the first when it
     * is absent or out of range).
     */
    static StudyPage of(VisibleStudy visible, StudyPageLoader.Loaded loaded, Integer selected) {
        String studyUid = visible.study().studyInstanceUid();
        List<SeriesRef> series = new ArrayList<>();
        List<ImageRef> images = new ArrayList<>();
        List<DocumentRef> documents = new ArrayList<>();
        for (StudyPageLoader.SeriesInstances entry : loaded.series()) {
            Series s = entry.series();
            List<Instance> instances = new ArrayList<>();
            for (Instance instance : entry.instances()) {
                if (instance.kind() == ObjectKind.IMAGE) {
                    instances.add(instance);
                } else {
                    documents.add(new DocumentRef(s, instance, instance.kind(), documentUrl(studyUid, s, instance)));
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
        int current = selected == null || selected < 0 || selected >= images.size() ? 0 : selected;
        return new StudyPage(
                visible,
                List.copyOf(series),
                List.copyOf(images),
                List.copyOf(documents),
                images.isEmpty() ? null : images.get(current),
                loaded.incomplete());
    }

    /**
     * The study's Body Part Examined; when the study has none, the distinct ones of its image series in series order.
     * A PACS may take study attributes from the instance it received last (Orthanc does), and a report or PDF carries
     * no body part even though every image of the study does.
     */
    List<String> bodyParts() {
        String ofStudy = visible.study().bodyPartExamined();
        if (ofStudy != null && !ofStudy.isBlank()) {
            return List.of(ofStudy.strip());
        }
        return series.stream()
                .map(ref -> ref.series().bodyPartExamined())
                .filter(part -> part != null && !part.isBlank())
                .map(String::strip)
                .distinct()
                .toList();
    }

    /** Whether any image has more than one frame (the viewer then shows frame buttons). */
    boolean multiFrame() {
        return images.stream().anyMatch(image -> image.instance().numberOfFrames() > 1);
    }

    /** The patient's name as the PACS holds it, for the page header. */
    String patientName() {
        return PersonNames.display(visible.study().patientName());
    }

    private static String documentUrl(String studyUid, Series series, Instance instance) {
        String path = switch (instance.kind()) {
            case REPORT -> "/report";
            case PDF -> "/pdf";
            default -> null;
        };
        return path == null
                ? null
                : "/patient/studies/" + studyUid + "/series/" + series.seriesInstanceUid() + "/instances/"
                        + instance.sopInstanceUid() + path;
    }

    private static Integer round(Double value) {
        return value == null ? null : (int) Math.round(value);
    }
}
