package org.xrayportal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xrayportal.support.PortalIntegrationTest;

@PortalIntegrationTest
class PortalApplicationIT {

    @Autowired
    JdbcClient jdbc;

    @Test
    void startsOnPostgresWithMigrationsAppliedAsTheOwner() {
        assertThat(jdbc.sql("SELECT version()").query(String.class).single()).startsWith("PostgreSQL");
        assertThat(jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE success")
                        .query(Integer.class)
                        .single())
                .isGreaterThanOrEqualTo(3);
        assertThat(jdbc.sql("SELECT current_user").query(String.class).single()).endsWith("_app");
    }
}
