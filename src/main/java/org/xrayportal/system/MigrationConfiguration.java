package org.xrayportal.system;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How Flyway migrates at start-up: see {@link ReleasedLateMigrations}. */
@Configuration(proxyBeanMethods = false)
class MigrationConfiguration {

    @Bean
    FlywayMigrationStrategy flywayMigrationStrategy() {
        return new ReleasedLateMigrations();
    }
}
