package org.xrayportal.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xrayportal.PortalApplication;
import org.xrayportal.support.TestPostgres;

/**
 * Databases migrated by earlier builds start the current portal. Each case migrates an empty database with the
 * migration set of an earlier commit (the released files are byte-identical to today's, which
 * {@link MigrationOrderTest} checks), writes an account, then starts the whole portal on it.
 */
class MigrationUpgradeIT {

    static Stream<Arguments> earlierReleases() {
        return Stream.of(
                // main before the accounts branch was merged (c9eadbf): V10, V11, V13-V16 did not exist yet.
                Arguments.of("main at c9eadbf", Set.of("1", "2", "3", "12", "20", "30", "40")),
                // the accounts branch before V16 (3fc4517): "resolved migration not applied to database: 16".
                Arguments.of("accounts at 3fc4517", Set.of("1", "2", "3", "10", "11", "12", "13", "14", "15", "20")),
                // the released set of today: V1-V40; everything newer must apply on top of it.
                Arguments.of(
                        "released V1-V40",
                        Set.of("1", "2", "3", "10", "11", "12", "13", "14", "15", "16", "20", "30", "40")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("earlierReleases")
    void portalStartsOnADatabaseMigratedByAnEarlierRelease(String release, Set<String> versions, @TempDir Path dir)
            throws IOException {
        TestPostgres.Database database = TestPostgres.newDatabase();
        copyMigrations(versions, dir);
        Flyway.configure()
                .dataSource(database.asOwner())
                .locations("filesystem:" + dir)
                .placeholders(Map.of("app_role", database.roles().appRole()))
                .load()
                .migrate();
        JdbcClient owner = JdbcClient.create(database.asOwner());
        assertThat(appliedVersions(owner)).containsExactlyInAnyOrderElementsOf(versions);
        owner.sql("INSERT INTO account (email, display_name, role, password_hash, created_at)"
                        + " VALUES ('earlier@clinic.test', 'Earlier Patient', 'PATIENT', '{noop}x', now())")
                .update();

        try (ConfigurableApplicationContext portal = start(database)) {
            JdbcClient app = JdbcClient.create(portal.getBean(javax.sql.DataSource.class));
            assertThat(appliedVersions(owner))
                    .containsExactlyInAnyOrderElementsOf(ReleasedMigrations.current().values().stream()
                            .map(m -> m.version().getVersion())
                            .toList());
            assertThat(owner.sql("SELECT count(*) FROM flyway_schema_history WHERE NOT success")
                            .query(Long.class)
                            .single())
                    .isZero();
            assertThat(app.sql("SELECT display_name FROM account WHERE email = 'earlier@clinic.test'")
                            .query(String.class)
                            .single())
                    .isEqualTo("Earlier Patient");
        }
    }

    private static void copyMigrations(Set<String> versions, Path dir) throws IOException {
        var resolver = new PathMatchingResourcePatternResolver();
        for (var resource : resolver.getResources("classpath*:db/migration/*.sql")) {
            String name = resource.getFilename();
            var matcher = ReleasedMigrations.FILE_NAME.matcher(name);
            if (name.equals("afterMigrate.sql") || (matcher.matches() && versions.contains(matcher.group(1)))) {
                try (var in = resource.getInputStream()) {
                    Files.copy(in, dir.resolve(name));
                }
            }
        }
    }

    private static List<String> appliedVersions(JdbcClient owner) {
        return owner.sql("SELECT version FROM flyway_schema_history WHERE version IS NOT NULL")
                .query(String.class)
                .list();
    }

    private static ConfigurableApplicationContext start(TestPostgres.Database database) {
        var roles = database.roles();
        return new SpringApplicationBuilder(PortalApplication.class)
                .properties(Map.of(
                        "spring.datasource.url", database.jdbcUrl(),
                        "spring.datasource.username", roles.appRole(),
                        "spring.datasource.password", roles.appPassword(),
                        "spring.flyway.url", database.jdbcUrl(),
                        "spring.flyway.user", roles.ownerRole(),
                        "spring.flyway.password", roles.ownerPassword(),
                        "spring.flyway.placeholders.app_role", roles.appRole(),
                        "server.port", "0",
                        "spring.datasource.hikari.maximum-pool-size", "2"))
                .run();
    }
}
