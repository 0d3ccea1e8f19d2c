package org.xrayportal.sharing;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Removes what sharing no longer needs, on every node (each delete is idempotent, so nodes running it at once do no
 * harm): per-address passcode throttle rows older than their window, and recipients' sessions past their maximum
 * lifetime that nobody came back to (otherwise removed only when a new session starts).
 */
@Component
class ShareCleanup {

    private static final Logger log = LoggerFactory.getLogger(ShareCleanup.class);

    private final Shares shares;
    private final SharingProperties properties;
    private final Clock clock;

    ShareCleanup(Shares shares, SharingProperties properties, Clock clock) {
        this.shares = shares;
        this.properties = properties;
        this.clock = clock;
    }

    /** Returns the throttle rows removed. */
    @Scheduled(
            initialDelayString = "${portal.sharing.cleanup-interval:PT1H}",
            fixedDelayString = "${portal.sharing.cleanup-interval:PT1H}")
    @Transactional
    int prune() {
        Instant now = clock.instant();
        int addresses = shares.pruneAddressThrottle(now);
        shares.deleteSessionsOlderThan(now.minus(properties.sessionMaximum()));
        if (addresses > 0) {
            log.info("Sharing: forgot {} client addresses whose wrong passcodes are older than a day", addresses);
        }
        return addresses;
    }
}
