package io.opencvm.cvm;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The dependency directions of the CVM core: cvm uses app and operation, never the other way round. */
class CvmBoundariesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.opencvm");

    @Test
    void theOperationQueueKnowsNoCvmAndNoApp() {
        noClasses().that().resideInAPackage("io.opencvm.operation..")
                .should().dependOnClassesThat().resideInAnyPackage("io.opencvm.cvm..", "io.opencvm.app..")
                .check(MAIN);
    }

    @Test
    void appsKnowNothingOfCvms() {
        noClasses().that().resideInAPackage("io.opencvm.app..")
                .should().dependOnClassesThat().resideInAnyPackage("io.opencvm.cvm..", "io.opencvm.operation..")
                .check(MAIN);
    }

    @Test
    void theStatusRuleIsPureDomainCode() {
        noClasses().that().haveSimpleNameStartingWith("CvmStatus").and().resideInAPackage("io.opencvm.cvm")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "java.sql..",
                        "io.opencvm.vmm..", "tools.jackson..")
                .check(MAIN);
    }
}
