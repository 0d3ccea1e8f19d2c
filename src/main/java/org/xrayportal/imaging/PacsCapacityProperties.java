package org.xrayportal.imaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How many PACS calls of each {@link PacsOperation} class one portal node makes at once ({@code portal.pacs.capacity.*}).
 * The sum over the classes, times the number of portal nodes, must stay below the PACS's own limit of concurrent
 * HTTP requests (Orthanc's {@code HttpThreadsCount}, 50 by default): beyond it the PACS queues connections for
 * seconds and every call in the queue runs into the read timeout together. A call that finds its class full waits
 * at most {@code max-wait}, then that one request fails with 503 (the PACS is busy), and nothing else does.
 * See docs/pacs.md "Sizing".
 */
@ConfigurationProperties("portal.pacs.capacity")
public record PacsCapacityProperties(Limit search, Limit render, Limit retrieve) {

    public static final PacsCapacityProperties DEFAULTS = new PacsCapacityProperties(null, null, null);

    public PacsCapacityProperties {
        search = search == null ? new Limit(16, null) : search.orDefaults(16);
        render = render == null ? new Limit(16, null) : render.orDefaults(16);
        retrieve = retrieve == null ? new Limit(4, null) : retrieve.orDefaults(4);
    }

    public Limit of(PacsOperation operation) {
        return switch (operation) {
            case SEARCH -> search;
            case RENDER -> render;
            case RETRIEVE -> retrieve;
        };
    }

    /** Concurrent calls of all classes together: what one portal node may ask of the PACS at once. */
    public int total() {
        return search.maxConcurrentCalls() + render.maxConcurrentCalls() + retrieve.maxConcurrentCalls();
    }

    /**
     * @param maxConcurrentCalls calls of this class in flight at once
     * @param maxWait how long a call waits for a free slot before its request answers 503
     */
    public record Limit(Integer maxConcurrentCalls, Duration maxWait) {

        public Limit {
            maxWait = maxWait == null ? Duration.ofSeconds(8) : maxWait;
            if (maxConcurrentCalls != null && maxConcurrentCalls < 1) {
                throw new IllegalArgumentException("portal.pacs.capacity.*.max-concurrent-calls must be at least 1");
            }
            if (maxWait.isNegative()) {
                throw new IllegalArgumentException("portal.pacs.capacity.*.max-wait must not be negative");
            }
        }

        Limit orDefaults(int calls) {
            return maxConcurrentCalls == null ? new Limit(calls, maxWait) : this;
        }
    }
}
