package io.opencvm.cvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** The per-version shapes of a CVM and of an app listing: exact keys, and no null where the clients forbid it. */
@ServerTest
@TestPropertySource(properties = {"opencvm.operations.workers=0", "opencvm.reconcile.enabled=false",
        "opencvm.nodes.probe-interval=PT1H"})
class CvmJsonShapesTest extends CvmTestBase {

    static final List<String> V2026_INFO = List.of("id", "name", "app_id", "vm_uuid", "instance_id", "resource", "node_info",
            "os", "kms_type", "kms_info", "status", "in_progress", "progress", "compose_hash", "gateway", "services",
            "endpoints", "public_logs", "public_sysinfo", "public_tcbinfo", "gateway_enabled", "secure_time", "listed",
            "workspace", "creator", "created_at", "updated_at");
    static final List<String> NEVER_NULL_2026 = List.of("id", "name", "status", "resource", "gateway", "services",
            "public_logs", "public_sysinfo", "public_tcbinfo", "gateway_enabled", "secure_time", "listed");
    static final List<String> VM = List.of("id", "name", "status", "teepod_id", "teepod", "user_id", "app_id", "vm_uuid",
            "instance_id", "app_url", "base_image", "vcpu", "memory", "disk_size", "manifest_version", "version", "runner",
            "docker_compose_file", "features", "created_at", "encrypted_env_pubkey", "in_progress");
    static final List<String> V2025_DETAIL = List.of("id", "name", "status", "in_progress", "teepod_id", "teepod", "app_id",
            "vm_uuid", "instance_id", "vcpu", "memory", "disk_size", "base_image", "encrypted_env_pubkey", "listed",
            "public_sysinfo", "public_logs", "instance_type", "syslog_endpoint", "gateway_domain", "scheduled_delete_at", "updated_at", "kms_info",
            "public_urls", "machine_info");
    static final List<String> V2025_INFO = List.of("hosted", "name", "managed_user", "node", "listed", "in_progress",
            "allow_upgrade", "status", "dapp_dashboard_url", "syslog_endpoint", "project_id", "project_type",
            "billing_period", "kms_info", "vcpu", "memory", "disk_size", "gateway_domain", "public_urls", "machine_info",
            "updated_at");

    private TestAccount alice;
    private JsonNode vm;
    private String uuid;

    @BeforeEach
    void setUp() {
        alice = account("shapes");
        TestHttp.Reply commit = commitNew(alice, node(8, 16384, 10), appId(), name("shape"));
        vm = commit.json();
        uuid = vm.get("vm_uuid").asString();
    }

    static List<String> keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.propertyNames().forEach(out::add);
        return out;
    }

    @Test
    void theVmRecordHasExactlyItsKeysAndTheRequiredNullableOnesArePresent() {
        assertThat(keys(vm)).containsExactlyElementsOf(VM);
        assertThat(vm.get("instance_id").isNull()).isTrue();
        assertThat(vm.get("encrypted_env_pubkey").asString()).isEqualTo("cd".repeat(32));
        assertThat(vm.get("teepod").get("name").isString()).isTrue();
        assertThat(vm.get("features").toString()).isEqualTo("[\"kms\",\"tproxy-net\"]");
        assertThat(vm.get("manifest_version").asInt()).isEqualTo(2);
    }

    @Test
    void the2026DetailHasItsKeysAndOmitsNothingRequiredAndNullsNothingForbidden() {
        JsonNode detail = http(alice).get("/cvms/" + uuid).json();
        List<String> expected = new ArrayList<>(V2026_INFO);
        expected.add("compose_file");
        assertThat(keys(detail)).containsExactlyElementsOf(expected);
        NEVER_NULL_2026.forEach(k -> assertThat(detail.get(k).isNull()).as(k).isFalse());
        assertThat(detail.get("id").asString()).startsWith("cvm_");
        assertThat(detail.at("/resource/memory_in_gb").isIntegralNumber()).isTrue();
        assertThat(detail.at("/resource/memory_in_gb").asInt()).isEqualTo(2);
        assertThat(detail.at("/node_info/object_type").asString()).isEqualTo("node");
        assertThat(detail.at("/workspace/object_type").asString()).isEqualTo("workspace");
        assertThat(detail.at("/workspace/slug").asString()).isEqualTo(alice.slug());
        assertThat(detail.at("/creator/object_type").asString()).isEqualTo("user");
        assertThat(detail.get("kms_type").asString()).isIn("phala", "ethereum", "base", "legacy");
        assertThat(detail.at("/compose_file/docker_compose_file").asString()).contains("nginx");
        assertThat(detail.at("/progress/target").asString()).isEqualTo("running");
        assertThat(detail.get("in_progress").asBoolean()).isTrue();
    }

    @Test
    void the2025DetailAndListItemHaveTheirKeys() {
        TestHttp old = http(alice).version("2025-10-28");
        JsonNode detail = old.get("/cvms/" + uuid).json();
        assertThat(keys(detail)).containsExactlyElementsOf(V2025_DETAIL);
        assertThat(detail.get("id").isIntegralNumber()).isTrue();
        assertThat(detail.has("kms_info")).isTrue();
        assertThat(detail.get("public_logs").isBoolean()).isTrue();

        JsonNode page = old.get("/cvms/paginated?page=1&page_size=5").json();
        assertThat(keys(page)).containsExactly("items", "total", "page", "page_size", "pages");
        JsonNode item = page.get("items").get(0);
        assertThat(keys(item)).containsExactlyElementsOf(V2025_INFO);
        assertThat(keys(item.get("hosted"))).containsExactly("id", "name", "status", "uptime", "app_url", "app_id",
                "instance_id", "exited_at", "boot_progress", "boot_error", "shutdown_progress", "image_version");
        assertThat(item.at("/hosted/uptime").isString()).isTrue();
    }

    @Test
    void stateOmitsUnknownStringsInsteadOfSendingNull() {
        JsonNode state = http(alice).get("/cvms/" + uuid + "/state").json();
        assertThat(keys(state)).containsExactly("id", "name", "status");
        jdbc.sql("UPDATE cvms SET node_status = 'running', boot_progress = 'done', uptime = '5s', instance_id = ? WHERE vm_uuid = ?")
                .params("ef".repeat(20), uuid).update();
        JsonNode observed = http(alice).get("/cvms/" + uuid + "/state").json();
        assertThat(keys(observed)).containsExactly("id", "name", "status", "instance_id", "uptime", "boot_progress");
        observed.properties().forEach(e -> assertThat(e.getValue().isNull()).as(e.getKey()).isFalse());
    }

    @Test
    void statusBatchIsKeyedByTheStringsAsSentAndSkipsUnknownOnes() {
        String bare = uuid.replace("-", "");
        TestHttp.Reply reply = http(alice).post("/status/batch", Map.of("vm_uuids",
                List.of(uuid, bare, "3f2504e0-4f89-41d3-9a0c-0305e82c3301")));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(keys(reply.json())).containsExactly(uuid, bare);
        JsonNode one = reply.json().get(uuid);
        assertThat(keys(one)).containsExactly("vm_uuid", "status", "in_progress", "uptime", "boot_progress", "boot_error",
                "operation_type", "operation_started_at", "correlation_id");
        assertThat(one.get("in_progress").asBoolean()).isTrue();
        assertThat(one.get("operation_type").asString()).isEqualTo("create");
        assertThat(http(alice).post("/status/batch", Map.of("vm_uuids", List.of())).body()).isEqualTo("{}");
        assertThat(http(account("other")).post("/status/batch", Map.of("vm_uuids", List.of(uuid))).body()).isEqualTo("{}");
    }

    @Test
    void appsListEachAppWithItsNewestCvmInBothVersions() {
        JsonNode page = http(alice).get("/apps?page=1&page_size=50").json();
        assertThat(keys(page)).containsExactly("dstack_apps", "page", "page_size", "total", "total_pages");
        assertThat(page.get("total").asInt()).isEqualTo(1);
        JsonNode app = page.get("dstack_apps").get(0);
        assertThat(keys(app)).containsExactly("id", "name", "app_id", "created_at", "kms_type", "app_provision_type",
                "app_icon_url", "profile", "current_cvm", "cvms", "cvm_count");
        assertThat(app.at("/current_cvm/vm_uuid").asString()).isEqualTo(uuid);
        assertThat(app.get("cvm_count").asInt()).isEqualTo(1);

        JsonNode old = http(alice).version("2025-10-28").get("/apps").json().get("dstack_apps").get(0);
        assertThat(old.at("/current_cvm/teepod_name").isString()).isTrue();
        assertThat(old.at("/current_cvm/vm_uuid").asString()).isEqualTo(uuid);

        assertThat(http(alice).get("/apps?search=" + vm.get("name").asString()).json().get("total").asInt()).isEqualTo(1);
        assertThat(http(alice).get("/apps?search=nothing-like-it").json().get("total").asInt()).isZero();
        assertThat(http(alice).get("/apps?status=running").json().get("total").asInt()).isZero();
        assertThat(http(alice).get("/apps?status=running&status=provisioning").json().get("total").asInt()).isEqualTo(1);
        assertThat(http(alice).get("/apps?page_size=101").status()).isEqualTo(422);
    }

    @Test
    void anAppAndItsCvmsAreFoundByAnyFormOfItsId() {
        String appId = vm.get("app_id").asString();
        for (String form : List.of(appId, "app_" + appId, "0x" + appId.toUpperCase())) {
            TestHttp.Reply one = http(alice).get("/apps/" + form);
            assertThat(one.status()).as(form).isEqualTo(200);
            assertThat(one.json().get("app_id").asString()).isEqualTo(appId);
            TestHttp.Reply cvms = http(alice).get("/apps/" + form + "/cvms");
            assertThat(cvms.json().isArray()).isTrue();
            assertThat(cvms.json().get(0).get("vm_uuid").asString()).isEqualTo(uuid);
        }
        assertThat(http(alice).get("/apps/" + "e".repeat(40)).status()).isEqualTo(404);
        assertThat(http(account("nosy")).get("/apps/" + appId).status()).isEqualTo(404);
    }

    @Test
    void theComposeFileIsTheStoredAppComposeAsAnObject() {
        JsonNode compose = http(alice).get("/cvms/" + uuid + "/compose_file").json();
        assertThat(compose.get("docker_compose_file").asString()).isEqualTo("services:\n  app:\n    image: nginx\n");
        assertThat(compose.get("manifest_version").asInt()).isEqualTo(2);
        assertThat(compose.get("allowed_envs").toString()).isEqualTo("[\"FOO\"]");
    }
}
