package org.xrayportal.account;

import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The account feature's public API. */
@Service
public class AccountService {

    private final Accounts accounts;
    private final PasswordEncoder passwordEncoder;

    AccountService(Accounts accounts, PasswordEncoder passwordEncoder) {
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
    }

    public Optional<Account> findByEmail(String email) {
        return accounts.findByEmail(email);
    }

    /** Creates an account with a password; the email must not be taken yet. */
    @Transactional
    public Account create(String email, String displayName, Role role, String rawPassword) {
        long id = accounts.insert(email.strip(), displayName.strip(), role, passwordEncoder.encode(rawPassword));
        return accounts.findByEmail(email.strip())
                .filter(account -> account.id() == id)
                .orElseThrow(() -> new IllegalStateException("Account " + id + " vanished after insert"));
    }

    @Transactional
    public boolean createIfAbsent(String email, String displayName, Role role, String rawPassword) {
        if (accounts.findByEmail(email).isPresent()) {
            return false;
        }
        create(email, displayName, role, rawPassword);
        return true;
    }

    boolean anyWithRole(Role role) {
        return accounts.anyWithRole(role);
    }
}
