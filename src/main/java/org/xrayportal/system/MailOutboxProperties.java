package org.xrayportal.system;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the mail outbox worker sends and retries.
 *
 * @param pollInterval how often the worker looks for due emails (emails are also sent right after their transaction
 *     commits; the poll picks up retries and what a stopped node left behind)
 * @param firstRetry the wait after the first failed attempt; it doubles with each further failure
 * @param maxRetry the longest wait between two attempts
 * @param maxAttempts attempts before an email is given up on (shown to admins as failed; they can send it again)
 */
@ConfigurationProperties("portal.mail.outbox")
record MailOutboxProperties(Duration pollInterval, Duration firstRetry, Duration maxRetry, int maxAttempts) {

    MailOutboxProperties {
        pollInterval = pollInterval == null ? Duration.ofSeconds(10) : pollInterval;
        firstRetry = firstRetry == null ? Duration.ofSeconds(30) : firstRetry;
        maxRetry = maxRetry == null ? Duration.ofHours(1) : maxRetry;
        maxAttempts = maxAttempts <= 0 ? 12 : maxAttempts;
    }

    /** The wait after {@code failedAttempts} failures: firstRetry, doubled each time, at most maxRetry. */
    Duration backoff(int failedAttempts) {
        int doublings = Math.min(Math.max(failedAttempts - 1, 0), 30);
        Duration wait = firstRetry.multipliedBy(1L << doublings);
        return wait.compareTo(maxRetry) > 0 ? maxRetry : wait;
    }
}
