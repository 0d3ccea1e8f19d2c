package org.xrayportal.support;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a Spring test context at a fresh database of {@link TestPostgres}: the application connects as the app role
 * and Flyway migrates as the owner, as in production. The database is also registered as a bean for tests that need
 * to act as the owner (for example to prove tampering is detected).
 */
public class PostgresContextInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPostgres.Database database = TestPostgres.newDatabase();
        context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource("testPostgres", properties(database, database.jdbcUrl())));
        context.getBeanFactory().registerSingleton("testDatabase", database);
    }

    /**
     * The properties every test context on a {@link TestPostgres} database needs, with the application's connections
     * going to {@code appJdbcUrl} (the database itself, or something in front of it such as a fault proxy). Tests with
     * an initializer of their own start from these, so a setting added here (like the TOTP key) reaches them too.
     */
    public static Map<String, Object> properties(TestPostgres.Database database, String appJdbcUrl) {
        var roles = database.roles();
        return Map.of(
                "spring.datasource.url", appJdbcUrl,
                "spring.datasource.username", roles.appRole(),
                "spring.datasource.password", roles.appPassword(),
                "spring.flyway.url", database.jdbcUrl(),
                "spring.flyway.user", roles.ownerRole(),
                "spring.flyway.password", roles.ownerPassword(),
                "spring.flyway.placeholders.app_role", roles.appRole(),
                // Spring caches test contexts; small pools keep many of them under the server's
                // connection limit.
                "spring.datasource.hikari.maximum-pool-size", "4",
                "spring.datasource.hikari.minimum-idle", "0",
                // Tests keep no data: the built-in TOTP encryption key will do (issue 12). An external database
                // without a key or this switch stops the portal at start.
                "portal.accounts.totp-encryption.allow-built-in-key", "true");
    }
}
