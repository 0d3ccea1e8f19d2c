package org.xrayportal.sharing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The clinic's choices for shares ({@code portal.sharing.*}). {@code enabled}, {@code secondFactor}, {@code maxExpiry}
 * and {@code downloadDefault} are the defaults of the admin's controls ({@link SharingSettings}), used until an admin
 * saves them on {@code /admin/sharing}.
 *
 * @param enabled whether patients may create shares at all
 * @param secondFactor what the recipient enters besides the link: a generated passcode, or the patient's birth date
 * @param defaultExpiry the expiry offered on the form (7 days)
 * @param maxExpiry the longest expiry a patient may choose (30 days at most)
 * @param downloadDefault whether "may download the original files" is ticked on the form
 * @param sessionIdle how long a recipient's share session lasts without a request (1 hour)
 * @param sessionMaximum how long a recipient's share session lasts at most (12 hours)
 * @param freeFailures wrong passcodes for one share before each further attempt waits (doubling from 30 s)
 * @param lockAfter wrong passcodes after which the share is locked (until the patient makes a new passcode)
 * @param addressFreeFailures wrong passcodes from one client address, over any links, before it waits
 */
@ConfigurationProperties("portal.sharing")
record SharingProperties(
        Boolean enabled,
        SecondFactor secondFactor,
        Duration defaultExpiry,
        Duration maxExpiry,
        Boolean downloadDefault,
        Duration sessionIdle,
        Duration sessionMaximum,
        Integer freeFailures,
        Integer lockAfter,
        Integer addressFreeFailures) {

    static final Duration MIN_EXPIRY = Duration.ofHours(1);
    static final Duration LONGEST_EXPIRY = Duration.ofDays(30);

    SharingProperties {
        enabled = enabled == null || enabled;
        secondFactor = secondFactor == null ? SecondFactor.PASSCODE : secondFactor;
        maxExpiry = maxExpiry == null ? LONGEST_EXPIRY : maxExpiry;
        if (maxExpiry.compareTo(MIN_EXPIRY) < 0 || maxExpiry.compareTo(LONGEST_EXPIRY) > 0) {
            throw new IllegalArgumentException("portal.sharing.max-expiry must be between 1 hour and 30 days");
        }
        defaultExpiry = defaultExpiry == null ? Duration.ofDays(7) : defaultExpiry;
        if (defaultExpiry.compareTo(maxExpiry) > 0) {
            defaultExpiry = maxExpiry;
        }
        downloadDefault = downloadDefault != null && downloadDefault;
        sessionIdle = sessionIdle == null ? Duration.ofHours(1) : sessionIdle;
        sessionMaximum = sessionMaximum == null ? Duration.ofHours(12) : sessionMaximum;
        freeFailures = freeFailures == null ? 3 : freeFailures;
        lockAfter = lockAfter == null ? 10 : lockAfter;
        addressFreeFailures = addressFreeFailures == null ? 20 : addressFreeFailures;
    }

    /** The wait after {@code failures} wrong answers with {@code free} free ones: none, then 30 s doubling to 1 h. */
    static Duration backOff(int failures, int free) {
        if (failures < free) {
            return Duration.ZERO;
        }
        int doublings = Math.min(7, failures - free);
        return Duration.ofSeconds(30L << doublings).compareTo(Duration.ofHours(1)) > 0
                ? Duration.ofHours(1)
                : Duration.ofSeconds(30L << doublings);
    }
}
