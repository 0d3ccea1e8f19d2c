package org.xrayportal.sharing;

import java.time.Duration;

/**
 * The clinic's sharing controls now: set by an admin on {@code /admin/sharing} (table {@code sharing_settings}), else
 * taken from the configuration ({@link SharingProperties}).
 *
 * @param enabled whether patients may create shares and recipients may open them (off: existing shares are suspended)
 * @param maxExpiry the longest expiry a patient may choose, 1 hour to 30 days
 * @param download whether "may download the original files" is offered, and ticked at first
 * @param secondFactor what new shares ask of the recipient besides the link
 */
record SharingSettings(boolean enabled, Duration maxExpiry, Download download, SecondFactor secondFactor) {

    /** The clinic's rule for the recipient's download of the original files. */
    enum Download {
        /** Offered where the patient's own access allows it, not ticked at first. */
        OFF_BY_DEFAULT,
        /** Offered where the patient's own access allows it, ticked at first. */
        ON_BY_DEFAULT,
        /** Never offered: recipients only view. */
        FORBIDDEN
    }

    SharingSettings {
        if (maxExpiry.compareTo(SharingProperties.MIN_EXPIRY) < 0
                || maxExpiry.compareTo(SharingProperties.LONGEST_EXPIRY) > 0) {
            throw new IllegalArgumentException("the maximum expiry must be between 1 hour and 30 days");
        }
    }

    static SharingSettings of(SharingProperties properties) {
        return new SharingSettings(
                properties.enabled(),
                properties.maxExpiry(),
                properties.downloadDefault() ? Download.ON_BY_DEFAULT : Download.OFF_BY_DEFAULT,
                properties.secondFactor());
    }

    boolean downloadAllowed() {
        return download != Download.FORBIDDEN;
    }

    /** The expiry the form offers first: the configured default, no longer than the maximum. */
    Expiry defaultExpiry(SharingProperties properties) {
        return Expiry.closest(properties.defaultExpiry(), maxExpiry);
    }
}
