package org.xrayportal.viewer;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits and tuning of patient downloads ({@code portal.download.*}).
 *
 * @param studiesPerHour ZIP downloads of whole studies one account may start in any rolling hour
 * @param imagesPerHour single JPEG/PNG downloads one account may start in any rolling hour
 * @param zipLevel deflate level of the ZIP (0 = store only .. 9); 1 compresses raw pixel data about twofold at a
 *     small CPU cost, which matters more to a patient on a slow line than to the server
 * @param zipDeflate when to deflate the files that are not compressed yet ({@code when-it-pays}, the default: while
 *     the client's line is slower than the node's deflaters, see {@link StudyZip}; {@code always})
 * @param shutdownGrace at shutdown, how much longer than the web server's own graceful period downloads still running
 *     may take before they are cut (and audited as interrupted by shutdown)
 */
@ConfigurationProperties("portal.download")
record DownloadProperties(
        Integer studiesPerHour, Integer imagesPerHour, Integer zipLevel, Deflate zipDeflate, Duration shutdownGrace) {

    /** When the study ZIP deflates a file whose pixel data is not compressed yet. */
    enum Deflate {
        /** Only while the client's line is slower than the deflaters (measured during the download). */
        WHEN_IT_PAYS,
        /** Every such file (at {@code zip-level} above 0). */
        ALWAYS
    }

    DownloadProperties {
        studiesPerHour = studiesPerHour == null ? 10 : studiesPerHour;
        imagesPerHour = imagesPerHour == null ? 120 : imagesPerHour;
        zipLevel = zipLevel == null ? 1 : zipLevel;
        zipDeflate = zipDeflate == null ? Deflate.WHEN_IT_PAYS : zipDeflate;
        shutdownGrace = shutdownGrace == null ? Duration.ofSeconds(20) : shutdownGrace;
        if (studiesPerHour < 0 || imagesPerHour < 0 || zipLevel < 0 || zipLevel > 9) {
            throw new IllegalArgumentException("portal.download: limits must be >= 0 and zip-level 0..9");
        }
    }
}
