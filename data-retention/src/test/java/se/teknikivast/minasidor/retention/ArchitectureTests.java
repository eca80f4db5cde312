package se.teknikivast.minasidor.retention;

import org.junit.jupiter.api.Test;
import se.teknikivast.minasidor.architecture.ArchitectureRules;

/** This module keeps the repository's structure: no cycle between its packages, no import of a service. */
class ArchitectureTests {

    @Test
    void keepsTheRepositorysStructure() {
        ArchitectureRules.checkLibrary("se.teknikivast.minasidor.retention");
    }
}
