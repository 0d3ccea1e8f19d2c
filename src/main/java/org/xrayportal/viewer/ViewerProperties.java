package org.xrayportal.viewer;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * @param frameCacheSize memory for rendered frames and thumbnails (the access policy still runs before every hit);
 *     0 turns the cache off
 * @param thumbnailSize the largest side of a series thumbnail, in pixels
 * @param pageDeadline how long a study page waits for the PACS before it shows what it has, with a calm message
 */
@ConfigurationProperties("portal.viewer")
record ViewerProperties(DataSize frameCacheSize, Integer thumbnailSize, Duration pageDeadline) {

    ViewerProperties {
        frameCacheSize = frameCacheSize == null ? DataSize.ofMegabytes(64) : frameCacheSize;
        thumbnailSize = thumbnailSize == null ? 160 : thumbnailSize;
        pageDeadline = pageDeadline == null ? Duration.ofSeconds(8) : pageDeadline;
    }
}
