package org.xrayportal.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xrayportal.support.PortalIntegrationTest;
import org.xrayportal.support.TestPostgres;

/**
 * The portal as started runs on PostgreSQL with the two roles production uses: Flyway migrates as the schema owner, the
 * application's own connections use the application role (which the database refuses changes to the audit trail, see
 * audit.AuditTrailPermissionsIT).
 */
@PortalIntegrationTest
class DatabaseRolesIT {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestPostgres.Database testDatabase;

    @Test
    void portalWhenStartedThenConnectsToPostgresAsTheApplicationRole() {
        assertThat(jdbc.sql("SELECT version()").query(String.class).single()).startsWith("PostgreSQL 17");
        assertThat(jdbc.sql("SELECT current_user").query(String.class).single())
                .isEqualTo(testDatabase.roles().appRole())
                .isNotEqualTo(testDatabase.roles().ownerRole());
    }

    @Test
    void migrationsWhenPortalStartedThenAllAppliedSuccessfullyByTheOwner() {
        var installedBy = jdbc.sql("SELECT DISTINCT installed_by FROM flyway_schema_history")
                .query(String.class)
                .list();
        assertThat(installedBy).containsExactly(testDatabase.roles().ownerRole());
        assertThat(jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE NOT success")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE version IS NOT NULL")
                        .query(Integer.class)
                        .single())
                .isEqualTo(ReleasedMigrations.current().size());
    }
}
