package org.xrayportal.account.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.xrayportal.account.AccountService;
import org.xrayportal.account.internal.Accounts;
import org.xrayportal.security.Role;

/** Creates the first admin from configuration; there is no built-in password anywhere. */
@Component
class BootstrapAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

    private final BootstrapAdminProperties properties;
    private final AccountService accountService;
    private final Accounts accounts;

    BootstrapAdmin(BootstrapAdminProperties properties, AccountService accountService, Accounts accounts) {
        this.properties = properties;
        this.accountService = accountService;
        this.accounts = accounts;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (accounts.anyWithRole(Role.ADMIN)) {
            return;
        }
        if (!properties.configured()) {
            log.warn("No admin account exists. Set PORTAL_BOOTSTRAP_ADMIN_EMAIL and PORTAL_BOOTSTRAP_ADMIN_PASSWORD"
                    + " and restart to create the first one (docs/operations.md).");
            return;
        }
        accountService.create(properties.email(), properties.displayName(), Role.ADMIN, properties.password());
        log.info("Created the first admin account {}", properties.email());
    }
}
