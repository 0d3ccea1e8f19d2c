package org.xrayportal.account;

import java.util.Objects;
import org.xrayportal.security.Role;

/**
 * A portal account as the rest of the portal sees it. The password hash is here only for the sign-in check
 * ({@code account.signin}).
 *
 * @param emailVerified false for a self-registered account until its owner follows the emailed link
 */
public record Account(
        long id,
        String email,
        String displayName,
        Role role,
        String passwordHash,
        boolean enabled,
        boolean emailVerified) {

    public Account {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(role, "role");
    }

    /** An account whose email address needs no verification (created by staff, an admin or configuration). */
    public Account(long id, String email, String displayName, Role role, String passwordHash, boolean enabled) {
        this(id, email, displayName, role, passwordHash, enabled, true);
    }

    /** Accounts invited by an admin have no password until the person sets one. */
    public boolean canSignIn() {
        return enabled && emailVerified && passwordHash != null;
    }
}
