package org.xrayportal.security;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.xrayportal.account.Account;
import org.xrayportal.account.SignedInAccount;

/** The signed-in person, as kept in the HTTP session. Serializable because sessions live in PostgreSQL. */
public final class PortalUser implements UserDetails, CredentialsContainer, SignedInAccount {

    private static final long serialVersionUID = 1L;

    private final long id;
    private final String email;
    private final String displayName;
    private final Role role;
    private final boolean enabled;
    private String passwordHash;

    PortalUser(Account account) {
        this.id = account.id();
        this.email = account.email();
        this.displayName = account.displayName();
        this.role = account.role();
        this.enabled = account.canSignIn();
        this.passwordHash = account.passwordHash();
    }

    public long id() {
        return id;
    }

    @Override
    public long accountId() {
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
