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
        var roles = database.roles();
        context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "testPostgres",
                        Map.of(
                                "spring.datasource.url", database.jdbcUrl(),
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
                                // Tests keep no data: the built-in TOTP encryption key will do (issue 12).
                                "portal.accounts.totp-encryption.allow-built-in-key", "true")));
        context.getBeanFactory().registerSingleton("testDatabase", database);
    }
}
