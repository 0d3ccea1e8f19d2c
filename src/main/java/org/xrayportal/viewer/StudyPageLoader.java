package org.xrayportal.viewer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.xrayportal.imaging.Instance;
import org.xrayportal.imaging.PacsException;
import org.xrayportal.imaging.PacsGateway;
import org.xrayportal.imaging.Series;
import org.xrayportal.shared.PatientIdentity;

/**
 * The PACS calls of a study page, all within the page's deadline ({@code portal.viewer.page-deadline}): first one
 * study-level instance search that names every series and instance ({@link PacsGateway#studyContents}); on a PACS
 * that does not offer it, the series list and then every series' instances at once (one virtual thread each), where a
 * series whose instances are not there by the deadline, or whose listing failed, is left out and the page says so
 * calmly. Nothing by the deadline leaves nothing to show (calmly too); a failure of the first search or of the series
 * list is the PACS's error page. Calls still running at the deadline are cancelled, so they give their PACS slot back.
 */
@Component
class StudyPageLoader {

    private static final Logger log = LoggerFactory.getLogger(StudyPageLoader.class);

    /** A series with its instances, in the order the gateway listed the series. */
    record SeriesInstances(Series series, List<Instance> instances) {}

    /** What arrived in time; {@code incomplete} when anything is missing. */
    record Loaded(List<SeriesInstances> series, boolean incomplete) {}

    private final PacsGateway pacs;
    private final Duration pageDeadline;

    StudyPageLoader(PacsGateway pacs, ViewerProperties properties) {
        this.pacs = pacs;
        this.pageDeadline = properties.pageDeadline();
    }

    /** The deadline of a page whose request starts now, in {@link System#nanoTime()} terms. */
    long deadlineFromNow() {
        return System.nanoTime() + pageDeadline.toNanos();
    }

    Loaded load(PatientIdentity identity, String studyUid, long deadline) {
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Future<Optional<List<PacsGateway.SeriesContents>>> contents =
                    threads.submit(() -> pacs.studyContents(identity, studyUid));
            Optional<List<PacsGateway.SeriesContents>> merged;
            try {
                merged = contents.get(remaining(deadline), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                log.info("Study page deadline of {} passed before the study's contents arrived", pageDeadline);
                return new Loaded(List.of(), true);
            }
            if (merged.isPresent()) {
                return new Loaded(
                        merged.get().stream()
                                .map(c -> new SeriesInstances(c.series(), c.instances()))
                                .toList(),
                        false);
            }
            List<Series> seriesList;
            Future<List<Series>> listing = threads.submit(() -> pacs.listSeries(identity, studyUid));
            try {
                seriesList = listing.get(remaining(deadline), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                log.info("Study page deadline of {} passed before the series list arrived", pageDeadline);
                return new Loaded(List.of(), true);
            }
            List<Future<List<Instance>>> instances = new ArrayList<>(seriesList.size());
            for (Series series : seriesList) {
                instances.add(threads.submit(() -> pacs.listInstances(identity, studyUid, series.seriesInstanceUid())));
            }
            List<SeriesInstances> loaded = new ArrayList<>(seriesList.size());
            boolean incomplete = false;
            for (int i = 0; i < seriesList.size(); i++) {
                try {
                    loaded.add(new SeriesInstances(
                            seriesList.get(i), instances.get(i).get(remaining(deadline), TimeUnit.NANOSECONDS)));
                } catch (TimeoutException e) {
                    incomplete = true;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof PacsException failure)) {
                        throw new IllegalStateException(e.getCause());
                    }
                    log.warn(
                            "Instances of one series could not be listed ({}): {}",
                            failure.kind(),
                            failure.getMessage());
                    incomplete = true;
                }
            }
            if (incomplete) {
                log.info("Study page shown without some series after its deadline of {}", pageDeadline);
            }
            return new Loaded(loaded, incomplete);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure; // the series list failed: the PACS error page, as before
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PacsException(PacsException.Kind.UNAVAILABLE, "interrupted while loading a study page", e);
        } finally {
            threads.shutdownNow();
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }
}
