package org.xrayportal.security;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The signed-in person, as kept in the HTTP session. Serializable because sessions live in PostgreSQL. Built from plain
 * values by whoever loads accounts (the account module's user-details adapter), so the web layer knows no account type.
 */
public final class PortalUser implements UserDetails, CredentialsContainer {

    private static final long serialVersionUID = 1L;

    private final long id;
    private final String email;
    private final String displayName;
    private final Role role;
    private final boolean enabled;
    private String passwordHash;

    private PortalUser(long id, String email, String displayName, Role role, boolean enabled, String passwordHash) {
        this.id = id;
        this.email = Objects.requireNonNull(email, "email");
        this.displayName = Objects.requireNonNull(displayName, "displayName");
        this.role = Objects.requireNonNull(role, "role");
        this.enabled = enabled;
        this.passwordHash = passwordHash;
    }

    /**
     * @param enabled whether the person may sign in at all
     * @param passwordHash the stored hash for the password check (null where there is none); erased after sign-in
     */
    public static PortalUser of(
            long id, String email, String displayName, Role role, boolean enabled, String passwordHash) {
        return new PortalUser(id, email, displayName, role, enabled, passwordHash);
    }

    public long id() {
        return id;
    }

    public String email() {
        return email;
    }

    public String displayName() {
        return displayName;
    }

    public Role role() {
        return role;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority(role.authority()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return email;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }
}
