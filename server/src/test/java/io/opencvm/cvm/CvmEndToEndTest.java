package io.opencvm.cvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.Await;
import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import io.opencvm.testsupport.TestNodes;
import io.opencvm.vmm.VmInfo;
import io.opencvm.vmm.VmmClient;
import io.opencvm.vmm.VmmClients;
import io.opencvm.vmmsim.VmmSimulator;
import io.opencvm.vmmsim.crypto.EnvCipher;
import io.opencvm.vmmsim.kms.AllowlistPolicy;
import io.opencvm.vmmsim.kms.KmsProfile;
import io.opencvm.vmmsim.kms.KmsSimulator;
import io.opencvm.vmmsim.node.BootTimings;
import io.opencvm.vmmsim.node.NodeProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** The whole create / power / delete cycle against a real node simulator and KMS simulator over HTTP. */
@ServerTest
@TestPropertySource(properties = {"opencvm.operations.poll-interval=PT0.05S", "opencvm.reconcile.interval=PT0.1S",
        "opencvm.operations.retry.initial=PT0.1S", "opencvm.nodes.probe-interval=PT1H"})
class CvmEndToEndTest extends CvmTestBase {

    static final Duration WAIT = Duration.ofSeconds(20);

    private KmsSimulator kms;
    private VmmSimulator sim;
    private VmmClient vmm;
    private long nodeId;
    private TestAccount alice;

    @BeforeEach
    void startNode() {
        kms = KmsSimulator.start(KmsProfile.defaults());
        String suffix = String.valueOf(SEQ.incrementAndGet());
        sim = VmmSimulator.start(NodeProfile.defaults("sim-" + suffix).toBuilder().timings(BootTimings.instant())
                .kmsUrl(kms.baseUri().toString()).build());
        TestNodes nodes = new TestNodes(jdbc);
        long kmsPk = nodes.devKms("kms-" + suffix, kms.baseUri().toString());
        jdbc.sql("UPDATE kms SET is_default = FALSE WHERE id <> ?").param(kmsPk).update();
        nodeId = nodes.node("sim-" + suffix, sim.baseUri().toString(), kmsPk, 8, 16384, 10, IMAGE);
        vmm = new VmmClients(Duration.ofSeconds(5)).forNode(sim.baseUri().toString(), null);
        alice = account("e2e");
    }

    @AfterEach
    void stopNode() {
        sim.close();
        kms.close();
    }

    private JsonNode provision(String name) {
        TestHttp.Reply reply = http(alice).post("/cvms/provision", Map.of("name", name, "teepod_id", nodeId,
                "instance_type", "tdx.small", "compose_file", Map.of("docker_compose_file",
                        "services:\n  app:\n    image: nginx\n", "allowed_envs", List.of("GREETING"))));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private JsonNode cvm(String vmUuid) {
        TestHttp.Reply reply = http(alice).get("/cvms/" + vmUuid);
        return reply.status() == 200 ? reply.json() : null;
    }

    private JsonNode awaitStatus(String vmUuid, String status) {
        JsonNode cvm = Await.until(() -> cvm(vmUuid), c -> c != null && status.equals(c.get("status").asString())
                && !c.get("in_progress").asBoolean(), WAIT);
        assertThat(cvm).as("CVM " + vmUuid).isNotNull();
        assertThat(cvm.get("status").asString()).isEqualTo(status);
        return cvm;
    }

    private List<VmInfo> vmsOnNode(String vmUuid) {
        List<VmInfo> vms = vmm.status(List.of(), vmUuid).vms();
        return vms == null ? List.of() : vms;
    }

    private String reserved() {
        return jdbc.sql("SELECT vcpu_reserved || '/' || memory_mb_reserved || '/' || slots_reserved FROM nodes WHERE id = ?")
                .param(nodeId).query(String.class).single();
    }

    @Test
    void provisionedAndCommittedCvmBootsOnTheNodeWithItsEnvAndReportsTheNodesInstanceId() throws Exception {
        String name = name("hello");
        JsonNode provision = provision(name);
        assertThat(provision.get("app_env_encrypt_pubkey").asString()).matches("[0-9a-f]{64}");
        assertThat(provision.get("kms_info").get("url").asString()).isEqualTo(kms.baseUri().toString());
        assertThat(provision.get("device_id").asString()).isEqualTo(jdbc.sql("SELECT device_id FROM nodes WHERE id = ?")
                .param(nodeId).query(String.class).single());
        byte[] env = EnvCipher.encrypt(HexFormat.of().parseHex(provision.get("app_env_encrypt_pubkey").asString()),
                "{\"env\":[{\"key\":\"GREETING\",\"value\":\"hi\"}]}".getBytes(StandardCharsets.UTF_8));

        TestHttp.Reply commit = http(alice).post("/cvms", Map.of("app_id", provision.get("app_id").asString(),
                "compose_hash", provision.get("compose_hash").asString(), "encrypted_env", HexFormat.of().formatHex(env)));
        assertThat(commit.status()).as(commit.body()).isEqualTo(200);
        String vmUuid = commit.json().get("vm_uuid").asString();

        JsonNode running = awaitStatus(vmUuid, "running");
        List<VmInfo> onNode = vmsOnNode(vmUuid);
        assertThat(onNode).hasSize(1);
        VmInfo vm = onNode.get(0);
        assertThat(vm.name()).isEqualTo(name + "@" + vmUuid);
        assertThat(vm.appId()).isEqualTo(provision.get("app_id").asString());
        assertThat(running.get("instance_id").asString()).isEqualTo(vm.instanceId()).matches("[0-9a-f]{40}");
        assertThat(running.get("compose_hash").asString()).isEqualTo(provision.get("compose_hash").asString());
        assertThat(sim.decryptedEnv(vm.id())).containsEntry("GREETING", "hi");
        assertThat(jdbc.sql("SELECT node_vm_id FROM cvms WHERE vm_uuid = ?").param(vmUuid).query(String.class).single())
                .isEqualTo(vm.id());
    }

    @Test
    void stopStartAndDeleteAreCarriedOutOnTheNodeAndDeleteReleasesCapacityAndTheName() {
        String name = name("power");
        JsonNode provision = provision(name);
        String before = reserved();
        String vmUuid = http(alice).post("/cvms", Map.of("app_id", provision.get("app_id").asString(),
                "compose_hash", provision.get("compose_hash").asString())).json().get("vm_uuid").asString();
        awaitStatus(vmUuid, "running");
        assertThat(reserved()).isNotEqualTo(before);

        TestHttp.Reply stop = http(alice).post("/cvms/" + vmUuid + "/stop", null);
        assertThat(stop.status()).isEqualTo(200);
        assertThat(stop.json().get("status").asString()).isEqualTo("stopping");
        awaitStatus(vmUuid, "stopped");
        assertThat(vmsOnNode(vmUuid).get(0).status()).isEqualTo("stopped");

        TestHttp.Reply start = http(alice).post("/cvms/" + vmUuid.replace("-", "") + "/start", null);
        assertThat(start.status()).isEqualTo(200);
        awaitStatus(vmUuid, "running");
        assertThat(vmsOnNode(vmUuid).get(0).status()).isEqualTo("running");
        assertThat(http(alice).post("/cvms/" + vmUuid + "/start", null).status()).isEqualTo(200);

        TestHttp.Reply restart = http(alice).post("/cvms/" + vmUuid + "/restart", Map.of("force", false));
        assertThat(restart.status()).isEqualTo(200);
        assertThat(restart.json().get("status").asString()).isEqualTo("restarting");
        awaitStatus(vmUuid, "running");

        assertThat(http(alice).delete("/cvms/" + vmUuid).status()).isEqualTo(204);
        List<VmInfo> gone = Await.until(() -> vmsOnNode(vmUuid), List::isEmpty, WAIT);
        assertThat(gone).isEmpty();
        TestHttp.Reply afterDelete = Await.until(() -> http(alice).get("/cvms/" + vmUuid), r -> r.status() == 404, WAIT);
        assertThat(afterDelete.status()).isEqualTo(404);
        assertThat(reserved()).isEqualTo(before);
        assertThat(jdbc.sql("SELECT status FROM cvms WHERE vm_uuid = ?").param(vmUuid).query(String.class).single())
                .isEqualTo("deleted");
        assertThat(jdbc.sql("SELECT capacity_held FROM cvms WHERE vm_uuid = ?").param(vmUuid).query(Boolean.class).single())
                .isFalse();
        assertThat(jdbc.sql("SELECT active_name FROM cvms WHERE vm_uuid = ?").param(vmUuid).query(String.class).optional())
                .isEmpty();

        JsonNode again = provision(name);
        assertThat(again.get("app_id").asString()).isNotEqualTo(provision.get("app_id").asString());
    }

    @Test
    void aBootTheKmsRefusesMarksTheCvmFailedWithTheNodesReason() {
        kms.setPolicy(new AllowlistPolicy()); // allows no OS image: every key request is denied
        JsonNode provision = provision(name("denied"));
        String vmUuid = http(alice).post("/cvms", Map.of("app_id", provision.get("app_id").asString(),
                "compose_hash", provision.get("compose_hash").asString())).json().get("vm_uuid").asString();

        JsonNode failed = awaitStatus(vmUuid, "failed");
        assertThat(failed.get("instance_id").isNull()).isTrue();
        JsonNode state = Await.until(() -> http(alice).get("/cvms/" + vmUuid + "/state").json(),
                s -> s.has("boot_error") || !"failed".equals(s.get("status").asString()), WAIT);
        String bootError = jdbc.sql("SELECT boot_error FROM cvms WHERE vm_uuid = ?").param(vmUuid).query(String.class)
                .optional().orElse("");
        assertThat(state.has("boot_error") || !bootError.isEmpty()).isTrue();
        assertThat(vmsOnNode(vmUuid)).hasSize(1);
    }

    @Test
    void aCreateTheNodeRefusesFailsTheCvmAndItsStateAndBatchStatusShowTheNodesReason() {
        sim.faults().cidPoolExhausted();
        try {
            JsonNode provision = provision(name("refused"));
            String vmUuid = http(alice).post("/cvms", Map.of("app_id", provision.get("app_id").asString(),
                    "compose_hash", provision.get("compose_hash").asString())).json().get("vm_uuid").asString();

            awaitStatus(vmUuid, "failed");

            JsonNode state = http(alice).get("/cvms/" + vmUuid + "/state").json();
            assertThat(state.get("boot_error").asString()).contains("CID pool exhausted");
            JsonNode batch = http(alice).post("/status/batch", Map.of("vm_uuids", List.of(vmUuid))).json();
            assertThat(batch.get(vmUuid).get("boot_error").asString()).contains("CID pool exhausted");
        } finally {
            sim.faults().clear();
        }
    }

    @Test
    void stoppingACvmThatIsStillProvisioningIsRefusedAndChangesNothing() {
        long unreachable = node(8, 16384, 10); // its create keeps failing to reach the node: it stays provisioning
        TestHttp.Reply reply = commitNew(alice, unreachable, appId(), name("early"));
        String vmUuid = reply.json().get("vm_uuid").asString();
        String before = jdbc.sql("SELECT status || '/' || desired_state || '/' || generation FROM cvms WHERE vm_uuid = ?")
                .param(vmUuid).query(String.class).single();
        assertThat(before).isEqualTo("provisioning/running/0");

        TestHttp.Reply stop = http(alice).post("/cvms/" + vmUuid + "/stop", null);

        assertThat(stop.status()).isEqualTo(409);
        assertThat(stop.json().at("/detail/error_code").asString()).isEqualTo("ERR-03-008");
        assertThat(jdbc.sql("SELECT status || '/' || desired_state || '/' || generation FROM cvms WHERE vm_uuid = ?")
                .param(vmUuid).query(String.class).single()).isEqualTo(before);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM operations o JOIN cvms c ON c.id = o.cvm_id WHERE c.vm_uuid = ?")
                .param(vmUuid).query(Long.class).single()).isEqualTo(1L);
    }
}
