package org.xrayportal.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.api.MigrationVersion;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The committed list of released migrations ({@code db/released-migrations.txt}) and the portal's current ones, and
 * the rule between them (docs/operations.md#migrations).
 */
final class ReleasedMigrations {

    static final Pattern FILE_NAME = Pattern.compile("V(\\d+(?:\\.\\d+)*)__[a-z0-9_]+\\.sql");

    /** A migration: its version, file name and the SHA-256 of its text (line endings normalised to LF). */
    record Migration(MigrationVersion version, String fileName, String sha256) {}

    private ReleasedMigrations() {}

    static List<Migration> released() {
        List<Migration> released = new ArrayList<>();
        for (String line : read(new PathMatchingResourcePatternResolver().getResource("db/released-migrations.txt"))
                .split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.trim().split("\\s+");
            released.add(new Migration(MigrationVersion.fromVersion(fields[0].substring(1)), fields[2], fields[1]));
        }
        return released;
    }

    /** The versioned migrations on the classpath, by file name. */
    static Map<String, Migration> current() {
        Map<String, Migration> current = new TreeMap<>();
        try {
            for (Resource resource :
                    new PathMatchingResourcePatternResolver().getResources("classpath*:db/migration/V*.sql")) {
                String name = resource.getFilename();
                Matcher matcher = FILE_NAME.matcher(name);
                MigrationVersion version =
                        matcher.matches() ? MigrationVersion.fromVersion(matcher.group(1)) : MigrationVersion.EMPTY;
                current.put(name, new Migration(version, name, sha256(read(resource))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return current;
    }

    /**
     * What breaks the rule: a released migration changed or removed, a file name Flyway would read differently, two
     * migrations with one version, or a new migration whose version is not higher than every released one.
     */
    static List<String> violations(List<Migration> released, Map<String, Migration> current) {
        List<String> violations = new ArrayList<>();
        MigrationVersion highestReleased = MigrationVersion.EMPTY;
        for (Migration migration : released) {
            if (migration.version().isNewerThan(highestReleased.getVersion())) {
                highestReleased = migration.version();
            }
            Migration now = current.get(migration.fileName());
            if (now == null) {
                violations.add("released migration " + migration.fileName() + " is missing or was renamed");
            } else if (!now.sha256().equals(migration.sha256())) {
                violations.add("released migration " + migration.fileName() + " was changed");
            }
        }
        Map<MigrationVersion, String> versions = new TreeMap<>();
        for (Migration migration : current.values()) {
            if (migration.version() == MigrationVersion.EMPTY) {
                violations.add(migration.fileName() + " does not match " + FILE_NAME.pattern());
                continue;
            }
            String other = versions.put(migration.version(), migration.fileName());
            if (other != null) {
                violations.add(migration.fileName() + " and " + other + " have the same version");
            }
            boolean isReleased = released.stream().anyMatch(r -> r.fileName().equals(migration.fileName()));
            if (!isReleased && !migration.version().isNewerThan(highestReleased.getVersion())) {
                violations.add(migration.fileName() + " is new but its version is not higher than V" + highestReleased
                        + ", the highest released one");
            }
        }
        return violations;
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(text.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Resource resource) {
        try (var in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
