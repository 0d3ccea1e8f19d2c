package org.xrayportal.system;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * With no {@code spring.datasource.url}, the portal starts a real PostgreSQL 17 from the zonky binaries, so one command
 * runs it on a fresh machine. The application connects as a non-owner role; Flyway migrates as the owner.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDataSourceUrl.class)
class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);
    private static final String DATABASE = "portal";

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EmbeddedDatabaseProperties properties) throws IOException {
        long started = System.nanoTime();
        // No JVM shutdown hook of its own: on SIGTERM it would stop PostgreSQL at once, in parallel with Spring's
        // graceful shutdown, and in-flight requests would lose their database (and their audit rows). The context
        // closes it instead (destroyMethod), after the web server has drained.
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setRegisterShutdownHook(false);
        if (StringUtils.hasText(properties.dataDirectory())) {
            builder.setDataDirectory(Path.of(properties.dataDirectory())).setCleanDataDirectory(false);
        }
        EmbeddedPostgres postgres = builder.start();
        log.info(
                "Started embedded PostgreSQL on port {} in {} ms (data directory: {})",
                postgres.getPort(),
                (System.nanoTime() - started) / 1_000_000,
                StringUtils.hasText(properties.dataDirectory()) ? properties.dataDirectory() : "temporary");
        return postgres;
    }

    @Bean
    DatabaseProvisioner.Database embeddedPortalDatabase(EmbeddedPostgres postgres) {
        return DatabaseProvisioner.provision(postgres.getPostgresDatabase(), DATABASE);
    }

    /** Pool sizing and timeouts from {@code spring.datasource.hikari.*}, as for a configured database. */
    @Bean
    @Primary
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres postgres, DatabaseProvisioner.Database database) {
        HikariDataSource dataSource = DataSourceBuilder.create()
                .type(HikariDataSource.class)
                .url(postgres.getJdbcUrl(database.appRole(), database.name()))
                .username(database.appRole())
                .password(database.appPassword())
                .build();
        dataSource.setPoolName("portal");
        return dataSource;
    }

    /** Unpooled: Flyway needs it only at start-up. */
    @Bean
    @FlywayDataSource
    PGSimpleDataSource flywayDataSource(EmbeddedPostgres postgres, DatabaseProvisioner.Database database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.getJdbcUrl(database.ownerRole(), database.name()));
        dataSource.setUser(database.ownerRole());
        dataSource.setPassword(database.ownerPassword());
        return dataSource;
    }

    static class NoDataSourceUrl implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
        }
    }
}
