package org.xrayportal;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The portal is packaged by feature (STYLE.md, "A layout that shows the architecture"); this test keeps the features'
 * dependencies the way the design says, so that, for example, the PACS gateway never learns about accounts and no two
 * features end up needing each other.
 *
 * <p>{@link #ALLOWED} is the table to extend when a feature legitimately needs another one: add the edge there, with
 * the reason in the pull request. Dependencies measured when the table was written: {@code security -> account,
 * audit} (sign-in, and auditing it); no other feature used another yet.
 */
class ArchitectureTest {

    private static final String ROOT = "org.xrayportal";

    /**
     * Feature (top-level package under {@value #ROOT}) -> the other features its main code may use. Tests are not
     * checked: they may reach anywhere to set up a scenario.
     */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            // Accounts, registration/activation, passwords, lockout. Account changes are audited.
            entry("account", Set.of("shared", "system", "audit")),
            // Versioned consent documents, acceptances, withdrawal.
            entry("consent", Set.of("shared", "system", "audit", "account")),
            // Access requests, decisions, grants, and the staff screens for them (which list the PACS studies).
            entry("access", Set.of("shared", "system", "audit", "account", "consent", "imaging")),
            // The PACS gateway: knows DICOMweb, not who is asking (the viewer decides that).
            entry("imaging", Set.of("shared", "system")),
            // Study list, study page, image/download endpoints and the one access-policy bean. The study page hosts
            // the consultation form, so viewer hands a policy-checked study to consultation (never the reverse).
            entry(
                    "viewer",
                    Set.of("shared", "system", "audit", "account", "imaging", "access", "consent", "consultation")),
            // Consultation requests and the staff queue; emails the patient through system's PortalMail.
            entry("consultation", Set.of("shared", "system", "audit", "account", "imaging")),
            // Append-only, hash-chained events: everyone writes to it, it depends on nobody.
            entry("audit", Set.of("shared", "system")),
            // Email on the other features' events.
            entry("notification", Set.of("shared", "system", "account", "access", "consent", "consultation")),
            // Filter chain, user-details adapter, sign-in auditing, @CurrentUser.
            entry("security", Set.of("shared", "system", "audit", "account")),
            // MVC configuration, error pages, embedded database, clock: no domain knowledge.
            entry("system", Set.of("shared")),
            // Small value types used everywhere, if they ever appear.
            entry("shared", Set.of()));

    /**
     * The signed-in user as controllers receive it ({@code @CurrentUser PortalUser user}). Every feature's controllers
     * may use these two types, so they are allowed everywhere and not counted as a cycle (they refer to the account
     * they were built from, and account's own screens need them too).
     */
    static final Set<String> SIGNED_IN_USER = Set.of(ROOT + ".security.CurrentUser", ROOT + ".security.PortalUser");

    private static final DescribedPredicate<JavaClass> SIGNED_IN_USER_TYPES =
            describe("the signed-in user types " + SIGNED_IN_USER, type -> SIGNED_IN_USER.contains(type.getName()));

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void featuresWhenAddedThenListedInTheAllowedDependencyTable() {
        assertThat(featuresPresent())
                .as("every top-level package under %s must have a row in ArchitectureTest.ALLOWED", ROOT)
                .isSubsetOf(ALLOWED.keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("features")
    void featureWhenUsingOtherFeaturesThenOnlyThoseInTheTable(String feature) {
        String[] forbidden = ALLOWED.keySet().stream()
                .filter(other -> !other.equals(feature) && !ALLOWED.get(feature).contains(other))
                .sorted()
                .map(other -> ROOT + "." + other + "..")
                .toArray(String[]::new);

        noClasses()
                .that()
                .resideInAPackage(ROOT + "." + feature + "..")
                .should()
                .dependOnClassesThat(resideInAnyPackage(forbidden).and(not(SIGNED_IN_USER_TYPES)))
                .because(feature + " may use only " + new TreeSet<>(ALLOWED.get(feature))
                        + " (see ArchitectureTest.ALLOWED)")
                .allowEmptyShould(true) // features get their package with their first class
                .check(classes);
    }

    @Test
    void featuresWhenDependingOnEachOtherThenNoCycles() {
        slices().matching(ROOT + ".(*)..")
                .should()
                .beFreeOfCycles()
                .ignoreDependency(describe("any class", type -> true), SIGNED_IN_USER_TYPES)
                .check(classes);
    }

    @Test
    void tableWhenReadThenItHasNoCyclesItself() {
        for (String feature : ALLOWED.keySet()) {
            assertThat(reachableFrom(feature, new TreeSet<>()))
                    .as("the table lets %s reach itself through other features", feature)
                    .doesNotContain(feature);
        }
    }

    @Test
    void checkWhenRunThenItSeesTheRealDependencies() {
        // Guards against a rule that passes because it imported nothing (e.g. a wrong package name).
        assertThat(featuresPresent()).contains("account", "audit", "security", "system");
        assertThat(classes.get(ROOT + ".security.PortalUserDetailsService").getDirectDependenciesFromSelf())
                .anyMatch(dependency ->
                        dependency.getTargetClass().getPackageName().equals(ROOT + ".account"));
    }

    static Stream<String> features() {
        return ALLOWED.keySet().stream().sorted();
    }

    private static Set<String> featuresPresent() {
        return classes.stream()
                .map(JavaClass::getPackageName)
                .filter(name -> name.startsWith(ROOT + "."))
                .map(name -> name.substring(ROOT.length() + 1).split("\\.")[0])
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> reachableFrom(String feature, Set<String> seen) {
        for (String next : ALLOWED.getOrDefault(feature, Set.of())) {
            if (seen.add(next)) {
                reachableFrom(next, seen);
            }
        }
        return seen;
    }
}
