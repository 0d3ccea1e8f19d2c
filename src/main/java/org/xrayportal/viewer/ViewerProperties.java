package org.xrayportal.viewer;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * @param frameCacheSize memory for rendered frames and thumbnails (the access policy still runs before every hit);
 *     0 turns the cache off
 * @param thumbnailSize the largest side of a series thumbnail, in pixels
 */
@ConfigurationProperties("portal.viewer")
record ViewerProperties(DataSize frameCacheSize, Integer thumbnailSize) {

    ViewerProperties {
        frameCacheSize = frameCacheSize == null ? DataSize.ofMegabytes(64) : frameCacheSize;
        thumbnailSize = thumbnailSize == null ? 160 : thumbnailSize;
    }
}
