package org.xrayportal.security;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Who is signed in, for the layout and navigation that every page renders: {@code ${@who.authenticated()}} is
 * Spring Security's {@code isAuthenticated()} and {@code ${@who.role()}} names the {@link Role} whose authority
 * the session holds ({@code hasRole}), or null (signed out, or a sign-in still waiting for its second factor). The
 * same answers as {@code sec:authorize}, which looks the security expression handler up in the application context
 * on every evaluation and was 13% of the CPU of a study list under load (issue 14). Links only: what a role may open
 * is decided by the filter chain, not by the page.
 */
@Component("who")
class SignedIn {

    public boolean authenticated() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null
                && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken);
    }

    public String role() {
        if (!authenticated()) {
            return null;
        }
        for (GrantedAuthority granted :
                SecurityContextHolder.getContext().getAuthentication().getAuthorities()) {
            for (Role role : Role.values()) {
                if (role.authority().equals(granted.getAuthority())) {
                    return role.name();
                }
            }
        }
        return null;
    }
}
