package org.xrayportal.account.internal;

import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.xrayportal.security.Role;

/**
 * Settings of the account feature; the defaults suit a local run and follow issue 4.
 *
 * @param activationCodeValidity how long a staff-issued activation code stays valid
 * @param resetLinkValidity how long an emailed password-reset link stays valid
 * @param verificationLinkValidity how long an email-verification link stays valid
 * @param invitationLinkValidity how long the "set your password" link for new staff and admins stays valid
 * @param mfaRequiredFor roles that must sign in with a second factor (staff and admins, issue 4)
 * @param lockout throttling of failed sign-ins
 */
@ConfigurationProperties("portal.accounts")
public record AccountProperties(
        Duration activationCodeValidity,
        Duration resetLinkValidity,
        Duration verificationLinkValidity,
        Duration invitationLinkValidity,
        Set<Role> mfaRequiredFor,
        Lockout lockout) {

    public AccountProperties {
        activationCodeValidity = activationCodeValidity == null ? Duration.ofDays(14) : activationCodeValidity;
        resetLinkValidity = resetLinkValidity == null ? Duration.ofMinutes(30) : resetLinkValidity;
        verificationLinkValidity = verificationLinkValidity == null ? Duration.ofHours(24) : verificationLinkValidity;
        invitationLinkValidity = invitationLinkValidity == null ? Duration.ofDays(3) : invitationLinkValidity;
        mfaRequiredFor = mfaRequiredFor == null ? Set.of(Role.STAFF, Role.ADMIN) : Set.copyOf(mfaRequiredFor);
        lockout = lockout == null ? new Lockout(0, 0, null, null, 0, null) : lockout;
    }

    /**
     * Keycloak-style brute-force protection: the {@code accountFreeFailures}-th consecutive failure and each further one
     * blocks the account for a back-off that doubles from {@code firstBackOff} up to {@code maxBackOff}; after
     * {@code accountHardLimit} the account stays locked until an admin unlocks it. A client address gets the same
     * back-off after {@code addressFreeFailures} failures within {@code addressWindow}.
     */
    public record Lockout(
            int accountFreeFailures,
            int accountHardLimit,
            Duration firstBackOff,
            Duration maxBackOff,
            int addressFreeFailures,
            Duration addressWindow) {

        public Lockout {
            accountFreeFailures = accountFreeFailures <= 0 ? 5 : accountFreeFailures;
            accountHardLimit = accountHardLimit <= 0 ? 30 : Math.min(accountHardLimit, 100);
            firstBackOff = firstBackOff == null ? Duration.ofSeconds(30) : firstBackOff;
            maxBackOff = maxBackOff == null ? Duration.ofMinutes(15) : maxBackOff;
            addressFreeFailures = addressFreeFailures <= 0 ? 20 : addressFreeFailures;
            addressWindow = addressWindow == null ? Duration.ofMinutes(15) : addressWindow;
        }

        /**
         * The block after the {@code failures}-th consecutive failure: zero for the first {@code freeFailures - 1},
         * then {@code firstBackOff}, doubling with each further failure.
         */
        public Duration backOffAfter(int failures, int freeFailures) {
            int over = failures - freeFailures + 1;
            if (over <= 0) {
                return Duration.ZERO;
            }
            Duration backOff = firstBackOff.multipliedBy(1L << Math.min(over - 1, 20));
            return backOff.compareTo(maxBackOff) > 0 ? maxBackOff : backOff;
        }
    }
}
