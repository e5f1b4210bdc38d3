package io.opencvm;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The feature packages depend on each other without cycles, the shared engines know no feature, and each
 * table is read and written only by the feature that owns it: another feature asks the owner's service.
 */
class ModularityTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.opencvm");
    private static final String[] FEATURES = {"io.opencvm.account..", "io.opencvm.node..", "io.opencvm.kms..",
            "io.opencvm.app..", "io.opencvm.cvm..", "io.opencvm.provision..", "io.opencvm.replica..", "io.opencvm.dashboard..",
            "io.opencvm.dev..", "io.opencvm.update..", "io.opencvm.webhook..", "io.opencvm.sshkey..",
            "io.opencvm.onchain..", "io.opencvm.chainview.."};
    private static final Path SOURCES = Path.of("src/main/java/io/opencvm");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    /** Every table, and the one package whose classes may name it in SQL. */
    static final Map<String, String> OWNERS = Map.ofEntries(
            Map.entry("users", "account"), Map.entry("workspaces", "account"),
            Map.entry("workspace_members", "account"), Map.entry("api_keys", "account"),
            Map.entry("dashboard_sessions", "account"),
            Map.entry("kms", "kms"),
            Map.entry("nodes", "node"), Map.entry("node_images", "node"), Map.entry("node_workspaces", "node"),
            Map.entry("apps", "app"), Map.entry("app_revisions", "app"), Map.entry("app_revision_records", "app"),
            Map.entry("provisions", "provision"),
            Map.entry("provisions_by_workspace", "provision"), // V140 rebuilds provisions under this name, then renames it
            Map.entry("cvms", "cvm"),
            Map.entry("operations", "operation"),
            Map.entry("idempotency_keys", "replica"),
            Map.entry("commit_tokens", "onchain"),
            Map.entry("replica_commit_tokens", "onchain"), // V41 created it under this name, V151 renames it
            Map.entry("attestation_quotes", "attestation"),
            Map.entry("webhooks", "webhook"), Map.entry("webhook_events", "webhook"),
            Map.entry("webhook_deliveries", "webhook"),
            Map.entry("ssh_keys", "sshkey"),
            Map.entry("app_rollouts", "update"), Map.entry("app_rollout_steps", "update"));

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

    @Test
    void everyTableHasAnOwner() throws IOException {
        TreeSet<String> created = new TreeSet<>();
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path file : files.toList()) {
                Matcher m = Pattern.compile("(?i)CREATE TABLE (?:IF NOT EXISTS )?(\\w+)").matcher(Files.readString(file));
                while (m.find()) {
                    created.add(m.group(1).toLowerCase());
                }
            }
        }
        assertThat(OWNERS.keySet()).as("give each new table an owning package here").containsAll(created);
    }

    @Test
    void onlyTheOwningFeatureNamesATableInSql() throws IOException {
        List<String> trespasses = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String feature = SOURCES.relativize(file).getName(0).toString();
                String code = withoutComments(Files.readString(file));
                OWNERS.forEach((table, owner) -> {
                    if (!owner.equals(feature) && Pattern.compile("(?i)\\b(FROM|JOIN|INTO|UPDATE|TABLE)\\s+" + table + "\\b")
                            .matcher(code).find()) {
                        trespasses.add(SOURCES.relativize(file) + " names " + table + ", which " + owner + " owns");
                    }
                });
            }
        }
        assertThat(trespasses).as("ask the owning feature's service instead").isEmpty();
    }

    private static String withoutComments(String java) {
        return java.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
    }
}
