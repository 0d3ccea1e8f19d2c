package org.xrayportal.system;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The database's health ({@code db}, part of the readiness group), bounded in time: a connection from the pool and a
 * validation round trip, given up after {@link #LIMIT}. Boot's own indicator validates without a time limit, so a
 * frozen database kept {@code /actuator/health} waiting for half a minute and never said DOWN. As the bean {@code
 * dbHealthIndicator} it takes the place of Boot's.
 */
@Component("dbHealthIndicator")
class DatabaseHealth implements HealthIndicator {

    /** Pool wait (3 s) plus a validation of at most 1 s stays inside it. */
    static final Duration LIMIT = Duration.ofMillis(4500);

    private final DataSource dataSource;

    DatabaseHealth(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Health health() {
        CompletableFuture<Boolean> check = CompletableFuture.supplyAsync(this::valid, Thread::startVirtualThread);
        try {
            boolean valid = check.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            return valid
                    ? Health.up().withDetail("database", "PostgreSQL").build()
                    : Health.down().withDetail("error", "connection not valid").build();
        } catch (TimeoutException e) {
            check.cancel(true);
            return Health.down()
                    .withDetail("error", "no answer within " + LIMIT.toMillis() + " ms")
                    .build();
        } catch (ExecutionException e) {
            return Health.down()
                    .withDetail("error", e.getCause().getClass().getSimpleName())
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("error", "interrupted").build();
        }
    }

    private boolean valid() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
