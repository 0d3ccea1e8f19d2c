package org.xrayportal.viewer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.xrayportal.imaging.RenderOptions;
import org.xrayportal.imaging.RenderedImage;
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

    private final Cache<Key, RenderedImage> cache;

    FrameCache(ViewerProperties properties, MeterRegistry meters) {
        this.cache = Caffeine.newBuilder()
                .maximumWeight(properties.frameCacheSize().toBytes())
                .weigher((Key key, RenderedImage image) -> image.size() + 256)
                .recordStats()
                .build();
        // cache_gets_total{cache="frames",result="hit|miss"}, evictions and size, for the hit rate.
        CaffeineCacheMetrics.monitor(meters, cache, "frames");
    }

    RenderedImage get(Key key, Supplier<RenderedImage> render) {
        return cache.get(key, k -> render.get());
    }

    long estimatedSize() {
        return cache.estimatedSize();
    }
}
