package org.xrayportal.account.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits on what anyone can make the portal do (issue 12); the defaults suit a clinic's portal and local runs.
 *
 * @param mailsPerRecipient emails of the anonymous flows (registration, password reset) to one address per
 *     {@code mailWindow}; beyond it the portal answers as usual and sends nothing
 * @param mailRequestsPerAddress requests of those flows from one client address per {@code mailWindow}; beyond it the
 *     portal answers as usual and does nothing
 * @param mailWindow the window both mail limits count in
 * @param addressBlockedDelay how long a sign-in from a throttled client address is held before its password is checked
 *     (the address throttle slows, it never refuses a correct password for an account without failures of its own)
 */
@ConfigurationProperties("portal.accounts.limits")
public record AbuseLimits(
        int mailsPerRecipient, int mailRequestsPerAddress, Duration mailWindow, Duration addressBlockedDelay) {

    public AbuseLimits {
        mailsPerRecipient = mailsPerRecipient <= 0 ? 3 : mailsPerRecipient;
        mailRequestsPerAddress = mailRequestsPerAddress <= 0 ? 20 : mailRequestsPerAddress;
        mailWindow = mailWindow == null ? Duration.ofHours(1) : mailWindow;
        addressBlockedDelay = addressBlockedDelay == null ? Duration.ofSeconds(2) : addressBlockedDelay;
    }
}
