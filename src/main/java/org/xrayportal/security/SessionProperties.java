package org.xrayportal.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Session lifetimes beyond the idle timeout ({@code spring.session.timeout}, 30 minutes by default).
 *
 * @param absoluteTimeout a session ends this long after it began, however active it is (12 hours by default)
 */
@ConfigurationProperties("portal.sessions")
record SessionProperties(Duration absoluteTimeout) {

    SessionProperties {
        absoluteTimeout = absoluteTimeout == null ? Duration.ofHours(12) : absoluteTimeout;
    }
}
