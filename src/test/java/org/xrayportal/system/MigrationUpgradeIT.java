package org.xrayportal.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
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

    private static final String KEY_ID = "upgrade";

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
        boolean hasSecondFactors = versions.contains("15");
        if (hasSecondFactors) {
            // Stored in clear, as before V45; the start must encrypt it with the configured key.
            owner.sql("INSERT INTO mfa_totp (account_id, secret, created_at, confirmed_at)"
                            + " SELECT id, 'JBSWY3DPEHPK3PXP', now(), now() FROM account"
                            + " WHERE email = 'earlier@clinic.test'")
                    .update();
        }

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
            // The app role was granted the tables this start created (afterMigrate.sql with the real role).
            for (String table :
                    List.of("mfa_totp", "identity_alert", "mail_rate_limit", "mail_outbox", "viewer_preference")) {
                assertThat(app.sql("SELECT count(*) FROM " + table)
                                .query(Long.class)
                                .single())
                        .as(table)
                        .isNotNegative();
            }
            if (hasSecondFactors) {
                assertThat(owner.sql("SELECT secret FROM mfa_totp")
                                .query(String.class)
                                .single())
                        .startsWith("v1:" + KEY_ID + ":");
            }
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

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /**
     * Starts the portal as an operator would: settings as arguments (like the environment variables of production),
     * which outrank application.yml. The builder's {@code properties(...)} are only defaults, which application.yml's
     * {@code ${PORTAL_DB_APP_ROLE:portal_app}}, {@code ${PORT:8080}} and {@code ${PORTAL_TOTP_KEY:}} override: then
     * afterMigrate.sql grants nothing to the real app role on the tables the portal creates.
     */
    private static ConfigurableApplicationContext start(TestPostgres.Database database) {
        var roles = database.roles();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spring.datasource.url", database.jdbcUrl());
        settings.put("spring.datasource.username", roles.appRole());
        settings.put("spring.datasource.password", roles.appPassword());
        settings.put("spring.flyway.url", database.jdbcUrl());
        settings.put("spring.flyway.user", roles.ownerRole());
        settings.put("spring.flyway.password", roles.ownerPassword());
        settings.put("spring.flyway.placeholders.app_role", roles.appRole());
        settings.put("server.port", "0");
        settings.put("spring.datasource.hikari.maximum-pool-size", "2");
        // As in production, an external database needs a configured TOTP key, never the built-in one (issue 12).
        settings.put("portal.accounts.totp-encryption.key", KEY_ID + ":" + randomKey());
        return new SpringApplicationBuilder(PortalApplication.class)
                .run(settings.entrySet().stream()
                        .map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
    }
}
