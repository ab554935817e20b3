package org.casebridge.gateway.architecture;

import org.casebridge.gateway.CasebridgeApplication;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Each capability is a module; a module may use another only through the types of that
 * module's top package, and no two modules may depend on each other in a cycle. This fails the
 * build when one reaches into another's internals.
 */
class ModuleStructureTest {

    private static final ApplicationModules MODULES = ApplicationModules.of(CasebridgeApplication.class);

    @Test
    void modulesRespectTheirBoundaries() {
        MODULES.verify();
    }

    /** Writes the module diagram (PlantUML) and canvases under target/spring-modulith-docs. */
    @Test
    void documentsTheModules() {
        new Documenter(MODULES).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
    }
}
