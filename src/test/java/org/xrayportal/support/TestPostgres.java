package org.xrayportal.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.xrayportal.system.DatabaseProvisioner;

/**
 * The one PostgreSQL server of a test run: a Testcontainers container where a Docker engine is available, the zonky
 * embedded PostgreSQL 17 otherwise (as on the project's CI machines). Never H2. Each Spring test context gets a
 * database of its own on this server, set up exactly as production expects (owner role + application role).
 */
public final class TestPostgres {

    private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static Server server;

    private TestPostgres() {}

    /** A new, empty database with its owner and application roles. */
    public static Database newDatabase() {
        Server s = server();
        String name = "test_" + DATABASES.incrementAndGet();
        return new Database(DatabaseProvisioner.provision(s.superuser(), name), s.host(), s.port());
    }

    /** A provisioned database and how to reach it. */
    public record Database(DatabaseProvisioner.Database roles, String host, int port) {

        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + roles.name();
        }

        public DataSource asOwner() {
            return dataSource(roles.ownerRole(), roles.ownerPassword());
        }

        public DataSource asApplication() {
            return dataSource(roles.appRole(), roles.appPassword());
        }

        private DataSource dataSource(String user, String password) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(jdbcUrl());
            dataSource.setUser(user);
            dataSource.setPassword(password);
            return dataSource;
        }
    }

    private record Server(DataSource superuser, String host, int port) {}

    private static synchronized Server server() {
        if (server == null) {
            server = dockerAvailable() ? startContainer() : startEmbedded();
        }
        return server;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' Ryuk when the JVM ends
    private static Server startContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
        container.start();
        log.info("Tests use PostgreSQL in a Testcontainers container at {}", container.getJdbcUrl());
        PGSimpleDataSource superuser = new PGSimpleDataSource();
        superuser.setUrl(container.getJdbcUrl());
        superuser.setUser(container.getUsername());
        superuser.setPassword(container.getPassword());
        return new Server(superuser, container.getHost(), container.getMappedPort(5432));
    }

    private static Server startEmbedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    log.warn("Could not stop the embedded PostgreSQL", e);
                }
            }));
            log.info("No Docker engine: tests use the embedded PostgreSQL on port {}", postgres.getPort());
            return new Server(postgres.getPostgresDatabase(), "localhost", postgres.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }
}
