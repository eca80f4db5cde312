package se.teknikivast.minasidor.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;

/**
 * The structure of this repository, checked by every module's {@code ArchitectureTests} on its production classes:
 *
 * <ul>
 *   <li>no cycles between a module's packages (its feature packages form a tree: services on top, libraries below);
 *   <li>a library never imports a service;
 *   <li>a service never imports another service (they talk over HTTP and Kafka, through {@code event-contracts}).
 * </ul>
 */
public final class ArchitectureRules {

    /** The services' root packages. */
    public static final List<String> SERVICES = List.of(
            "se.teknikivast.minasidor.gateway",
            "se.teknikivast.minasidor.auth",
            "se.teknikivast.minasidor.customer",
            "se.teknikivast.minasidor.bankid",
            "se.teknikivast.minasidor.notification");

    private ArchitectureRules() {}

    /** Checks a service's production classes under its root package; throws an AssertionError naming what breaks. */
    public static void checkService(String rootPackage) {
        if (!SERVICES.contains(rootPackage)) {
            throw new IllegalArgumentException(rootPackage + " is not one of the services " + SERVICES);
        }
        var classes = productionClasses(rootPackage);
        checkNoPackageCycles(classes, rootPackage);
        var others = SERVICES.stream()
                .filter(service -> !service.equals(rootPackage))
                .map(service -> service + "..")
                .toArray(String[]::new);
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(others)
                .because("services talk over HTTP and Kafka, not through each other's classes")
                .check(classes);
    }

    /** Checks a library's production classes under its root package. */
    public static void checkLibrary(String rootPackage) {
        var classes = productionClasses(rootPackage);
        checkNoPackageCycles(classes, rootPackage);
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(SERVICES.stream().map(s -> s + "..").toArray(String[]::new))
                .because("libraries sit below the services")
                .check(classes);
    }

    /** No cycle between the packages directly below the root (with everything inside each). */
    static void checkNoPackageCycles(JavaClasses classes, String rootPackage) {
        slices().matching(rootPackage + ".(*)..")
                .should()
                .beFreeOfCycles()
                .allowEmptyShould(true)
                .check(classes);
    }

    static JavaClasses productionClasses(String rootPackage) {
        var classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(rootPackage);
        if (classes.isEmpty()) {
            throw new IllegalStateException("No production classes found under " + rootPackage);
        }
        return classes;
    }
}
