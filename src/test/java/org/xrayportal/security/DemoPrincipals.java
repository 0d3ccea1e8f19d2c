package org.xrayportal.security;

import org.xrayportal.account.Account;

/** Demo set-up only: acts as a demo account in services that still take the web principal (until issue 18). */
public final class DemoPrincipals {

    private DemoPrincipals() {}

    public static PortalUser of(Account account) {
        return PortalUser.of(
                account.id(),
                account.email(),
                account.displayName(),
                account.role(),
                account.canSignIn(),
                account.passwordHash());
    }
}
