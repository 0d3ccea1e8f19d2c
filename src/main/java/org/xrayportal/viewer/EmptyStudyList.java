package org.xrayportal.viewer;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;
import org.xrayportal.access.AccessGrant;
import org.xrayportal.access.AccessRequest;
import org.xrayportal.access.AccessService;
import org.xrayportal.account.AccountService;
import org.xrayportal.consent.ConsentService;

/** Why a patient's study list is empty, the most useful explanation first, for the list page's empty state. */
@Component
class EmptyStudyList {

    /** The explanations, most useful first. */
    enum Reason {
        NOT_LINKED,
        NO_CONSENT,
        PENDING,
        EXPIRED,
        REVOKED,
        NO_REQUEST,
        NO_STUDIES
    }

    /** The reason, and for an expired grant when the last one ended. */
    record Explanation(Reason reason, Instant expiredAt) {}

    private final AccountService accounts;
    private final ConsentService consents;
    private final AccessService access;
    private final Clock clock;

    EmptyStudyList(AccountService accounts, ConsentService consents, AccessService access, Clock clock) {
        this.accounts = accounts;
        this.consents = consents;
        this.access = access;
        this.clock = clock;
    }

    Explanation explain(long accountId) {
        if (accounts.identityOf(accountId).isEmpty()) {
            return new Explanation(Reason.NOT_LINKED, null);
        }
        if (!consents.hasCurrentConsent(accountId)) {
            return new Explanation(Reason.NO_CONSENT, null);
        }
        Instant now = clock.instant();
        List<AccessGrant> grants = access.grantsOf(accountId);
        if (grants.stream().anyMatch(grant -> grant.isActiveAt(now))) {
            return new Explanation(Reason.NO_STUDIES, null);
        }
        if (access.requestsOf(accountId).stream().anyMatch(AccessRequest::isPending)) {
            return new Explanation(Reason.PENDING, null);
        }
        if (grants.stream().anyMatch(grant -> grant.hasExpiredAt(now))) {
            return new Explanation(
                    Reason.EXPIRED,
                    grants.stream()
                            .filter(grant -> grant.hasExpiredAt(now))
                            .map(AccessGrant::expiresAt)
                            .max(Comparator.naturalOrder())
                            .orElseThrow());
        }
        if (grants.stream().anyMatch(AccessGrant::isRevoked)) {
            return new Explanation(Reason.REVOKED, null);
        }
        return new Explanation(Reason.NO_REQUEST, null);
    }
}
