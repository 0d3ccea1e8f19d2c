package org.xrayportal.account;

import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The account feature's public API. */
@Service
public class AccountService {

    private final Accounts accounts;
    private final IdentityLinks identityLinks;
    private final PasswordEncoder passwordEncoder;

    AccountService(Accounts accounts, IdentityLinks identityLinks, PasswordEncoder passwordEncoder) {
        this.accounts = accounts;
        this.identityLinks = identityLinks;
        this.passwordEncoder = passwordEncoder;
    }

    public Optional<Account> findByEmail(String email) {
        return accounts.findByEmail(email);
    }

    public Optional<Account> findById(long id) {
        return accounts.findById(id);
    }

    /**
     * The PACS identity a patient account is linked to: the only source of a patient's PatientID and issuer for the
     * rest of the portal. Empty while the account is not linked (or is not a patient's).
     */
    @Transactional(readOnly = true)
    public Optional<PatientIdentity> identityOf(long accountId) {
        return identityLinks.find(accountId);
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
