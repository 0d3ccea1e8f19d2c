package org.xrayportal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The portal's application modules (Spring Modulith): each top-level package under {@code org.xrayportal} is one,
 * declared with its allowed dependencies in its {@code package-info.java}. Sub-packages are internal to their module.
 *
 * <p>The module documentation under {@code docs/modules} is generated from the same model; when a module's
 * dependencies change, regenerate it with {@code ./mvnw -o test -Dtest=ModularityTest -Dmodules.docs.write=true}.
 */
class ModularityTest {

    private static final ApplicationModules MODULES = ApplicationModules.of(PortalApplication.class);
    private static final Path COMMITTED = Path.of("docs", "modules");

    @Test
    void modulesWhenVerifiedThenNoCyclesAndOnlyDeclaredDependenciesOnOtherModulesApi() {
        MODULES.verify();
    }

    @Test
    void modulesWhenListedThenEveryTopLevelPackageIsOne() {
        assertThat(MODULES.stream().map(module -> module.getBasePackage().getName()))
                .contains(
                        "org.xrayportal.account",
                        "org.xrayportal.access",
                        "org.xrayportal.audit",
                        "org.xrayportal.consent",
                        "org.xrayportal.consultation",
                        "org.xrayportal.imaging",
                        "org.xrayportal.security",
                        "org.xrayportal.shared",
                        "org.xrayportal.system",
                        "org.xrayportal.viewer");
    }

    @Test
    void documentationWhenGeneratedThenSameAsCommittedInDocsModules() throws IOException {
        Path generated = Boolean.getBoolean("modules.docs.write") ? COMMITTED : Path.of("target", "modules-docs");
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(generated.toString()))
                .writeDocumentation();
        List<Path> files = list(generated);
        assertThat(files).as("generated module documentation").isNotEmpty();
        assertThat(list(COMMITTED))
                .as("docs/modules is out of date: regenerate it with -Dmodules.docs.write=true")
                .isEqualTo(files);
        for (Path file : files) {
            assertThat(content(COMMITTED.resolve(file)))
                    .as("docs/modules/%s is out of date: regenerate it with -Dmodules.docs.write=true", file)
                    .isEqualTo(content(generated.resolve(file)));
        }
    }

    /**
     * A file's lines; for PlantUML diagrams sorted, since the Documenter writes a diagram's relations in no fixed order
     * (the diagram is the same).
     */
    private static List<String> content(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return file.toString().endsWith(".puml") ? lines.stream().sorted().toList() : lines;
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .map(dir::relativize)
                    .sorted()
                    .toList();
        }
    }
}
