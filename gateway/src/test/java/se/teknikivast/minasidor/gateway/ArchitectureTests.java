package se.teknikivast.minasidor.gateway;

import org.junit.jupiter.api.Test;
import se.teknikivast.minasidor.architecture.ArchitectureRules;

/** This module keeps the repository's structure: no cycle between its packages, no import of another service. */
class ArchitectureTests {

    @Test
    void keepsTheRepositorysStructure() {
        ArchitectureRules.checkService("se.teknikivast.minasidor.gateway");
    }
}
