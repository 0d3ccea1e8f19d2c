package org.xrayportal.account.registration;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.xrayportal.system.StaffQueueSummary;

/** The staff home page's first queue: self-registered patients waiting for their identity check, oldest first. */
@Component
@Order(1)
class IdentityChecksWaiting implements StaffQueueSummary {

    private final IdentityClaims claims;

    IdentityChecksWaiting(IdentityClaims claims) {
        this.claims = claims;
    }

    @Override
    @Transactional(readOnly = true)
    public Summary summarise(int first) {
        return new Summary(
                "verification.queue.heading",
                "/staff/identity-checks",
                claims.countPending(),
                claims.pending(first).stream()
                        .map(claim -> new Item(
                                claim.fullName(), claim.submittedAt(), "/staff/identity-checks/" + claim.accountId()))
                        .toList());
    }
}
