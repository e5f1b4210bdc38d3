package io.opencvm.cvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.Anvil;
import io.opencvm.testsupport.Await;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import io.opencvm.vmm.VmInfo;
import io.opencvm.vmm.VmmClients;
import io.opencvm.vmmsim.VmmSimulator;
import io.opencvm.vmmsim.crypto.EnvCipher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;

/**
 * Shared set-up of the on-chain KMS tests: one anvil chain per JVM, a fresh {@link OnchainFleet} and
 * account per test, and the steps every scenario starts with (an on-chain app with a running CVM).
 */
abstract class OnchainTestBase extends CvmTestBase {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String COMPOSE = "services:\n  app:\n    image: nginx\n";

    static Anvil anvil;
    OnchainFleet fleet;
    TestAccount alice;

    /** An on-chain app whose first CVM runs on node A: its contract address (0x…), revision and CVM. */
    record Source(String app, String composeHash, String vmUuid, JsonNode commit) {
        String appId() {
            return app.substring(2).toLowerCase();
        }
    }

    /**
     * One chain for every on-chain test class of the JVM: they share one server context and database,
     * and a fresh chain would deploy the next class's contracts at the same addresses (same deployer,
     * same nonces), colliding with the apps already recorded. Anvil's shutdown hook ends it.
     */
    @BeforeAll
    static synchronized void startChain() {
        if (anvil == null) {
            anvil = Anvil.start();
        }
    }

    @BeforeEach
    void startFleet() {
        fleet = OnchainFleet.start(anvil, jdbc, SEQ.incrementAndGet());
        alice = account("oc");
    }

    @AfterEach
    void stopFleet() {
        fleet.close();
    }

    JsonNode provision(String name, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "teepod_id", fleet.nodeA,
                "instance_type", "tdx.small", "compose_file", Map.of("docker_compose_file", COMPOSE,
                        "allowed_envs", List.of("GREETING"))));
        body.putAll(extra);
        TestHttp.Reply reply = http(alice).post("/cvms/provision", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    /** The env the clients would send: encrypted with the key the KMS gives for the app. */
    String encryptedEnv(String kms, String app, String greeting) throws Exception {
        TestHttp.Reply key = http(alice).get("/kms/" + kms + "/pubkey/" + app);
        assertThat(key.status()).as(key.body()).isEqualTo(200);
        byte[] env = EnvCipher.encrypt(HexFormat.of().parseHex(key.json().get("public_key").asString()),
                ("{\"env\":[{\"key\":\"GREETING\",\"value\":\"" + greeting + "\"}]}").getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(env);
    }

    /** What {@code phala deploy} does under an on-chain KMS: provision, deploy the app contract, commit. */
    Source runningSource(String greeting) throws Exception {
        JsonNode provision = provision(name("onchain"), Map.of("kms_id", fleet.chainKmsId));
        String hash = provision.get("compose_hash").asString();
        String app = fleet.deployApp(provision.get("device_id").asString(), hash);
        TestHttp.Reply commit = http(alice).post("/cvms", Map.of("app_id", app, "compose_hash", hash,
                "encrypted_env", encryptedEnv(fleet.chainKmsId, app, greeting), "kms_id", fleet.chainKmsId,
                "contract_address", app, "deployer_address", anvil.address(0)));
        assertThat(commit.status()).as(commit.body()).isEqualTo(200);
        String vmUuid = commit.json().get("vm_uuid").asString();
        awaitStatus(vmUuid, "running");
        return new Source(app, hash, vmUuid, commit.json());
    }

    JsonNode state(String vmUuid) {
        TestHttp.Reply reply = http(alice).get("/cvms/" + vmUuid + "/state");
        return reply.status() == 200 ? reply.json() : null;
    }

    JsonNode awaitStatus(String vmUuid, String status) {
        JsonNode cvm = Await.until(() -> http(alice).get("/cvms/" + vmUuid).json(),
                c -> c != null && c.has("status") && status.equals(c.get("status").asString())
                        && !c.get("in_progress").asBoolean(), WAIT);
        assertThat(cvm.get("status").asString()).as("CVM " + vmUuid + ": " + cvm).isEqualTo(status);
        return cvm;
    }

    List<VmInfo> vmsOn(VmmSimulator sim, String vmUuid) {
        List<VmInfo> vms = new VmmClients(Duration.ofSeconds(5)).forNode(sim.baseUri().toString(), null)
                .status(List.of(), vmUuid).vms();
        return vms == null ? List.of() : vms;
    }

    TestHttp.Reply replicate(Source source, long nodeId) {
        return http(alice).post("/cvms/" + source.vmUuid() + "/replicas", Map.of("node_id", nodeId));
    }

    TestHttp.Reply commitReplica(Source source, String token, String composeHash, String tx) {
        return http(alice).post("/cvms/" + source.vmUuid() + "/commit-replica",
                Map.of("token", token, "compose_hash", composeHash, "transaction_hash", tx));
    }

    /** The {@code details[]} of a structured error as a field → value map. */
    static Map<String, JsonNode> details(TestHttp.Reply reply) {
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode d : reply.json().get("detail").get("details")) {
            if (d.has("field")) {
                out.put(d.get("field").asString(), d.get("value"));
            }
        }
        return out;
    }

    static String errorCode(TestHttp.Reply reply) {
        return reply.json().get("detail").get("error_code").asString();
    }

    /** Rows a replica would add, plus node B's reservation: equal before and after means nothing was created. */
    String replicaSnapshot() {
        return count("cvms") + "/" + count("operations") + "/" + jdbc.sql("SELECT vcpu_reserved || '/' || slots_reserved"
                + " FROM nodes WHERE id = ?").param(fleet.nodeB).query(String.class).single();
    }
}
