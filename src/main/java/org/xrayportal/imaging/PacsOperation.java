package org.xrayportal.imaging;

import java.util.Locale;

/**
 * The classes of PACS calls, each with its own bulkhead and circuit breaker, so that one kind of trouble (a rendering
 * overload, a slow retrieve) never closes the others (study lists, study pages, staff lookups).
 */
public enum PacsOperation {
    /** QIDO-RS searches and metadata, including the ownership checks before every image. */
    SEARCH,
    /** WADO-RS rendered frames and thumbnails. */
    RENDER,
    /** WADO-RS retrieve of original files (study ZIPs). */
    RETRIEVE;

    /** The name of this class's bulkhead and circuit breaker in their registries: {@code pacs-search} etc. */
    public String resilienceName() {
        return "pacs-" + metricName();
    }

    /** The value of the {@code operation} tag of the PACS call metrics: {@code search}, {@code render}, {@code retrieve}. */
    public String metricName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
