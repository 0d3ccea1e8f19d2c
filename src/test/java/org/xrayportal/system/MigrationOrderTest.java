package org.xrayportal.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.xrayportal.system.ReleasedMigrations.Migration;

/** One strictly increasing version sequence from V41 on (docs/operations.md#migrations). */
class MigrationOrderTest {

    @Test
    void currentMigrationsKeepTheRuleAgainstTheReleasedOnes() {
        assertThat(ReleasedMigrations.violations(ReleasedMigrations.released(), ReleasedMigrations.current()))
                .isEmpty();
    }

    @Test
    void releasedListCoversV1ToV40AndTheLateOnesAreAmongThem() {
        List<String> releasedVersions = ReleasedMigrations.released().stream()
                .map(m -> m.version().getVersion())
                .toList();

        assertThat(releasedVersions).contains("1", "16", "40");
        assertThat(releasedVersions).containsAll(ReleasedLateMigrations.RELEASED_LATE);
    }

    @Test
    void newMigrationBelowTheHighestReleasedOneIsAViolation() {
        var released = List.of(migration("1", "V1__a.sql"), migration("40", "V40__b.sql"));
        var current =
                current(migration("1", "V1__a.sql"), migration("40", "V40__b.sql"), migration("17", "V17__c.sql"));

        assertThat(ReleasedMigrations.violations(released, current))
                .containsExactly("V17__c.sql is new but its version is not higher than V40, the highest released one");
    }

    @Test
    void newMigrationWithTheHighestReleasedVersionIsAViolation() {
        var released = List.of(migration("40", "V40__b.sql"));
        var current = current(migration("40", "V40__b.sql"), migration("40", "V40__other.sql"));

        assertThat(ReleasedMigrations.violations(released, current))
                .containsExactly(
                        "V40__other.sql and V40__b.sql have the same version",
                        "V40__other.sql is new but its version is not higher than V40, the highest released one");
    }

    @Test
    void newMigrationsAboveTheHighestReleasedOneKeepTheRule() {
        var released = List.of(migration("1", "V1__a.sql"), migration("40", "V40__b.sql"));
        var current = current(
                migration("1", "V1__a.sql"),
                migration("40", "V40__b.sql"),
                migration("41", "V41__c.sql"),
                migration("57", "V57__d.sql"));

        assertThat(ReleasedMigrations.violations(released, current)).isEmpty();
    }

    @Test
    void changedOrRemovedReleasedMigrationIsAViolation() {
        var released = List.of(migration("1", "V1__a.sql"), migration("2", "V2__b.sql"));
        var current = current(new Migration(MigrationVersion.fromVersion("1"), "V1__a.sql", "edited"));

        assertThat(ReleasedMigrations.violations(released, current))
                .containsExactly(
                        "released migration V1__a.sql was changed",
                        "released migration V2__b.sql is missing or was renamed");
    }

    private static Migration migration(String version, String name) {
        return new Migration(MigrationVersion.fromVersion(version), name, "hash-of-" + name);
    }

    private static Map<String, Migration> current(Migration... migrations) {
        Map<String, Migration> current = new TreeMap<>();
        for (Migration m : migrations) {
            current.put(m.fileName(), m);
        }
        return current;
    }
}
