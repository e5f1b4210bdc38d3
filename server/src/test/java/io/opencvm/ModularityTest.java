package io.opencvm;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The feature packages depend on each other without cycles, and the shared engines know no feature. */
class ModularityTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.opencvm");
    private static final String[] FEATURES = {"io.opencvm.account..", "io.opencvm.node..", "io.opencvm.kms..",
            "io.opencvm.app..", "io.opencvm.cvm..", "io.opencvm.replica..", "io.opencvm.dev.."};

    @Test
    void featurePackagesFormNoCycle() {
        slices().matching("io.opencvm.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theSharedEnginesKnowNoFeature() {
        noClasses().that().resideInAnyPackage("io.opencvm.api..", "io.opencvm.vmm..", "io.opencvm.operation..")
                .should().dependOnClassesThat().resideInAnyPackage(FEATURES)
                .check(MAIN);
    }

    @Test
    void onlyTheEmbeddedDefaultTouchesTheSimulators() {
        noClasses().that().resideOutsideOfPackages("io.opencvm.dev..", "io.opencvm.vmmsim..")
                .should().dependOnClassesThat().resideInAnyPackage("io.opencvm.vmmsim..", "io.opencvm.dev..")
                .check(MAIN);
    }
}
