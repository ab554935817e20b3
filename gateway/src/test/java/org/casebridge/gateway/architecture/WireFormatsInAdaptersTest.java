package org.casebridge.gateway.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Wire formats (problem JSON, SOAP faults) belong to the transports: the gateway core reaches
 * them only through the adapter SPI (a refusal it decides itself goes to a
 * {@link org.casebridge.adapter.spi.RefusalWriter}), never by using a transport's classes.
 */
class WireFormatsInAdaptersTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.casebridge.gateway");

    @Test
    void theCoreNeverUsesATransport() {
        noClasses().that().resideInAPackage("org.casebridge.gateway..")
                .should().dependOnClassesThat().resideInAnyPackage("org.casebridge.adapter.rest..", "org.casebridge.adapter.soap..")
                .because("problem documents and SOAP faults are written by their adapters, behind the SPI")
                .check(CORE);
    }

    @Test
    void theCoreIsImported() {
        // A rule over no classes would pass whatever the code does.
        org.junit.jupiter.api.Assertions.assertTrue(CORE.containPackage("org.casebridge.gateway.storage"),
                "the gateway's classes are on the test class path");
    }
}
