package org.xrayportal.account.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.annotation.DirtiesContext;
import org.xrayportal.account.Account;
import org.xrayportal.account.AccountService;
import org.xrayportal.account.internal.Accounts;
import org.xrayportal.security.Role;
import org.xrayportal.support.PortalIntegrationTest;

/** The first admin comes from configuration, with the configured password hashed. */
@PortalIntegrationTest(
        properties = {
            "portal.bootstrap-admin.email=privacy.officer@clinic.test",
            "portal.bootstrap-admin.password=configured-at-deploy-time",
            "portal.bootstrap-admin.display-name=Privacy Officer"
        })
@DirtiesContext // a context of its own; close it so its connections do not linger for the rest of the run
class BootstrapAdminIT {

    @Autowired
    AccountService accounts;

    @Autowired
    Accounts accountRows;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    JdbcClient jdbc;

    @Test
    void startWhenBootstrapAdminConfiguredThenExactlyThatAdminExists() {
        Account admin = accounts.findByEmail("privacy.officer@clinic.test").orElseThrow();

        assertThat(admin.role()).isEqualTo(Role.ADMIN);
        assertThat(admin.displayName()).isEqualTo("Privacy Officer");
        assertThat(admin.canSignIn()).isTrue();
        assertThat(admin.passwordHash()).startsWith("{argon2}").doesNotContain("configured-at-deploy-time");
        assertThat(passwordEncoder.matches("configured-at-deploy-time", admin.passwordHash()))
                .isTrue();
        assertThat(admins()).isEqualTo(1);
    }

    @Test
    void startWhenAdminAlreadyExistsThenNoSecondOneIsCreated() throws Exception {
        var runner = new BootstrapAdmin(
                new BootstrapAdminProperties("second.officer@clinic.test", "another-password", null),
                accounts,
                accountRows);

        runner.run(null);

        assertThat(accounts.findByEmail("second.officer@clinic.test")).isEmpty();
        assertThat(admins()).isEqualTo(1);
    }

    private long admins() {
        return jdbc.sql("SELECT count(*) FROM account WHERE role = 'ADMIN'")
                .query(Long.class)
                .single();
    }
}
