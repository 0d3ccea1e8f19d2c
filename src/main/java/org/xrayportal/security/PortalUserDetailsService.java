package org.xrayportal.security;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.xrayportal.account.AccountService;

@Service
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
