package org.xrayportal.security;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

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

    /**
     * Where the language switcher sends its {@code GET ?lang=}: null (the page's own address) for a page that was
     * itself a GET; the home page for one that answered a form ({@code POST}), whose address takes no GET (it was a
     * 405 page, issue 14's newcomer walk). What the form held cannot be carried over; the home page is always there.
     */
    public String languageSwitchTarget() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet) {
            String method = servlet.getRequest().getMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                return "/";
            }
        }
        return null;
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
