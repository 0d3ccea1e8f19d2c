package org.xrayportal.account.mfa;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.xrayportal.security.PortalUser;

/**
 * Someone who gave the right password but has not yet given their second factor (or, where one is required, not yet
 * enrolled one). Holds no role, so the URL rules let it reach only the second-factor pages.
 */
final class MfaPendingAuthentication extends AbstractAuthenticationToken {

    static final String AUTHORITY = "MFA_PENDING";

    private static final long serialVersionUID = 1L;

    private final PortalUser user;
    private final boolean enrolmentNeeded;

    MfaPendingAuthentication(PortalUser user, boolean enrolmentNeeded) {
        super(List.of(new SimpleGrantedAuthority(AUTHORITY)));
        this.user = user;
        this.enrolmentNeeded = enrolmentNeeded;
        setAuthenticated(true);
    }

    boolean enrolmentNeeded() {
        return enrolmentNeeded;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public PortalUser getPrincipal() {
        return user;
    }

    @Override
    public String getName() {
        return user.getUsername();
    }
}
