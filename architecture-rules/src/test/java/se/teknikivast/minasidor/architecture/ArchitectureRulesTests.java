package se.teknikivast.minasidor.architecture;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

class ArchitectureRulesTests {

    @Test
    void aCycleBetweenTwoPackagesIsReportedWithBothOfThem() {
        var root = "se.teknikivast.minasidor.architecture.cyclic";
        var classes = new ClassFileImporter().importPackages(root);

        assertThatThrownBy(() -> ArchitectureRules.checkNoPackageCycles(classes, root))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected")
                .hasMessageContaining("cyclic.a")
                .hasMessageContaining("cyclic.b");
    }

    @Test
    void packagesThatDependOneWayPass() {
        var root = "se.teknikivast.minasidor.architecture.acyclic";
        var classes = new ClassFileImporter().importPackages(root);

        assertThatCode(() -> ArchitectureRules.checkNoPackageCycles(classes, root))
                .doesNotThrowAnyException();
    }

    @Test
    void onlyTheFiveServicesAreServices() {
        assertThatThrownBy(() -> ArchitectureRules.checkService("se.teknikivast.minasidor.identity"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
