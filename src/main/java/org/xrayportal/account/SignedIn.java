package org.xrayportal.account;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;

final class SignedIn {

    private SignedIn() {}

    static long accountId(Authentication authentication) {
        if (authentication != null && authentication.getPrincipal() instanceof SignedInAccount account) {
            return account.accountId();
        }
        throw new AccessDeniedException("Not signed in");
    }
}
