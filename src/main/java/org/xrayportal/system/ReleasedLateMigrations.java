package org.xrayportal.system;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * Migrates a database that was migrated before some migrations were released with lower versions than ones it already
 * has. Until 2026-11-28 the features numbered their migrations in blocks (V1-3, V10-16, V20, V30, V40) on separate
 * branches, so a database migrated by an earlier build can lack V10, V11, V13-V16 while it already has V20 or V40;
 * Flyway then refuses to start ("Detected resolved migration not applied to database"). Exactly those versions are
 * applied late, once, here (each only adds tables, columns or widens a check, so order does not matter for them).
 * Any other skipped version is an error: from V41 on versions only increase (docs/operations.md#migrations, enforced
 * by {@code MigrationOrderTest}), so a gap means a broken release and must not be papered over.
 */
final class ReleasedLateMigrations implements FlywayMigrationStrategy {

    /** Versions that were released after a higher version had been released. Never add to this set. */
    static final Set<String> RELEASED_LATE = Set.of("10", "11", "13", "14", "15", "16");

    private static final Logger log = LoggerFactory.getLogger(ReleasedLateMigrations.class);

    @Override
    public void migrate(Flyway flyway) {
        List<String> skipped = Arrays.stream(flyway.info().all())
                .filter(migration -> migration.getState() == MigrationState.IGNORED)
                .map(MigrationInfo::getVersion)
                .map(Object::toString)
                .toList();
        if (skipped.isEmpty()) {
            flyway.migrate();
            return;
        }
        List<String> unexpected =
                skipped.stream().filter(v -> !RELEASED_LATE.contains(v)).toList();
        if (!unexpected.isEmpty()) {
            throw new IllegalStateException("Migrations " + unexpected
                    + " have lower versions than migrations already applied to this database. From V41 on every new"
                    + " migration must have a higher version than every released one (docs/operations.md#migrations).");
        }
        log.warn(
                "This database was migrated before migrations {} were released; applying them now, after the higher"
                        + " versions it already has (docs/operations.md#upgrading-a-database-migrated-before-v16)",
                skipped);
        Flyway.configure(flyway.getConfiguration().getClassLoader())
                .configuration(flyway.getConfiguration())
                .outOfOrder(true)
                .load()
                .migrate();
    }
}
