package org.xrayportal.account.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.xrayportal.support.PortalIntegrationTest;

/** Without configuration nobody is created: there is no built-in admin or password. */
@PortalIntegrationTest(properties = "portal.bootstrap-admin.display-name=Nobody configured me")
@DirtiesContext
class BootstrapAdminNotConfiguredIT {

    @Autowired
    JdbcClient jdbc;

    @Test
    void startWhenBootstrapAdminNotConfiguredThenNoAccountAtAll() {
        assertThat(jdbc.sql("SELECT count(*) FROM account").query(Long.class).single())
                .isZero();
    }
}
