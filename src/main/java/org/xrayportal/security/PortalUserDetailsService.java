package org.xrayportal.security;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.xrayportal.account.AccountService;

/**
 * Loads accounts for the password check. Not a bean: {@link ThrottledAuthenticationProvider} is the only way in, so
 * Spring Security must not build a second, unthrottled provider from a {@code UserDetailsService} bean.
 */
class PortalUserDetailsService implements UserDetailsService {

    private final AccountService accounts;

    PortalUserDetailsService(AccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    public UserDetails loadUserByUsername(String email) {
        return accounts.findByEmail(email)
                .map(PortalUser::new)
                .orElseThrow(() -> new UsernameNotFoundException("No such account"));
    }
}
