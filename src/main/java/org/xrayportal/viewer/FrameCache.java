package org.xrayportal.viewer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.xrayportal.imaging.PacsException;
import org.xrayportal.imaging.RenderOptions;
import org.xrayportal.imaging.RenderedImage;
import org.xrayportal.shared.OncePerKey;
import org.xrayportal.shared.PatientIdentity;

/**
 * Rendered frames and thumbnails in memory, bounded by their size in bytes. It is only ever asked after the access
 * policy has admitted the study for the caller, and the key holds the PACS identity under which the gateway confirmed
 * that the object belongs to that study: a hit therefore stands for the same ownership check as a fresh render, and a
 * patient whose access ended never reaches the cache at all.
 */
@Component
class FrameCache {

    /** The object and everything that changes its pixels; {@code frame} 0 is the series thumbnail. */
    record Key(
            PatientIdentity identity,
            String studyUid,
            String seriesUid,
            String instanceUid,
            int frame,
            RenderOptions options) {}

    private static final Logger log = LoggerFactory.getLogger(FrameCache.class);

    private final Cache<Key, RenderedImage> cache;
    /** Renders under way, so that requests for one frame wait for one render (see {@link #get}). */
    private final OncePerKey<Key> renders = new OncePerKey<>(
            e -> new PacsException(PacsException.Kind.UNAVAILABLE, "interrupted while waiting for a render", e));

    private final boolean enabled;
    private final ExecutorService prefetching = Executors.newVirtualThreadPerTaskExecutor();

    FrameCache(ViewerProperties properties, MeterRegistry meters) {
        this.enabled = properties.frameCacheSize().toBytes() > 0;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(properties.frameCacheSize().toBytes())
                .weigher((Key key, RenderedImage image) -> image.size() + 256)
                .recordStats()
                .build();
        // cache_gets_total{cache="frames",result="hit|miss"}, evictions and size, for the hit rate.
        CaffeineCacheMetrics.monitor(meters, cache, "frames");
    }

    /**
     * The cached image, or {@code render}'s, kept. A frame is rendered once at a time: requests for a frame whose render
     * is under way (the study page's prefetch, another tab) wait for it. The render runs on the first caller's thread
     * outside the cache's locks, so a slow PACS call for one frame never holds up another frame (Caffeine's
     * {@code get(key, mapping)} would run it under a lock on the key's hash bin, shared with other keys); a failed render
     * is not kept, and the next request renders again. With the cache off ({@code portal.viewer.frame-cache-size=0})
     * every call renders on its own thread: the load test's frames took 6.8 s on average when requests for one frame
     * queued behind one another in a cache of size 0.
     */
    RenderedImage get(Key key, Supplier<RenderedImage> render) {
        if (!enabled) {
            return render.get();
        }
        RenderedImage hit = cache.getIfPresent(key); // counted as a hit or a miss in cache_gets_total
        return hit != null ? hit : load(key, render);
    }

    /** Looks again without counting a get, then renders once for every caller waiting on {@code key}. */
    private RenderedImage load(Key key, Supplier<RenderedImage> render) {
        return renders.cached(key, () -> cache.asMap().get(key), render, image -> cache.put(key, image));
    }

    /**
     * Starts rendering {@code key} into the cache in the background (issue 14: the study page's first frame, so the
     * browser's first frame request finds it, or waits for the render already under way instead of starting its own).
     * Only for a caller the access policy has admitted; no bytes leave here, so no VIEW event is due: the frame request
     * that sends them records it. A failure is left for that request to meet and report.
     */
    void prefetch(Key key, Supplier<RenderedImage> render) {
        if (!enabled || cache.asMap().containsKey(key)) {
            return;
        }
        prefetching.execute(() -> {
            try {
                load(key, render);
            } catch (RuntimeException e) {
                log.debug("First frame not rendered ahead: {}", e.toString());
            }
        });
    }

    @PreDestroy
    void stopPrefetching() {
        prefetching.shutdownNow();
    }

    long estimatedSize() {
        return cache.estimatedSize();
    }
}
