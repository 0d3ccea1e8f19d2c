package org.xrayportal.account.signin;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.xrayportal.account.AccountService;
import org.xrayportal.security.PortalUser;

/** Loads accounts for the password check, as the web layer's {@link PortalUser}. */
@Service
class PortalUserDetailsService implements UserDetailsService {

    private final AccountService accounts;

    PortalUserDetailsService(AccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    public UserDetails loadUserByUsername(String email) {
        return accounts.findByEmail(email)
                .map(account -> PortalUser.of(
                        account.id(),
                        account.email(),
                        account.displayName(),
                        account.role(),
                        account.canSignIn(),
                        account.passwordHash()))
                .orElseThrow(() -> new UsernameNotFoundException("No such account"));
    }
}
