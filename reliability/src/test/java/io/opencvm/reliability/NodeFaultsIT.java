package io.opencvm.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.Await;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * One control plane (the server jar on PostgreSQL) driving three simulated nodes in a process of their own, with
 * the nodes' fault switches turned on one at a time: the server retries what may pass, fails what cannot with the
 * node's reason, keeps the other nodes' work flowing and recovers when the fault clears. After each scenario every
 * switch is off, the fleet settles and the {@link Invariants} hold. Scenarios today's server fails are kept,
 * disabled with what fails and the figures of the last run.
 */
class NodeFaultsIT {

    private static final Map<String, String> SETTINGS = settings();
    private static final Ledger LEDGER = new Ledger();
    private static Database db;
    private static NodeFleet nodes;
    private static ControlPlane server;
    private static Api api;
    private static String source;
    private static Map<String, Long> nodeIds;

    /** The harness intervals, the production node-call timeout (10 s) and a lease no single call outlasts. */
    private static Map<String, String> settings() {
        Map<String, String> s = new HashMap<>(ControlPlane.HARNESS_SETTINGS);
        s.put("opencvm.operations.lease", "PT60S");
        return Map.copyOf(s);
    }

    @BeforeAll
    static void startFleet() {
        Path dir = CrashRun.workDir("faults");
        byte[] key = new byte[20];
        new SecureRandom().nextBytes(key);
        String apiKey = "ocv_faults_" + HexFormat.of().formatHex(key);
        db = Database.create("faults");
        nodes = NodeFleet.start(dir, List.of("node-1", "node-2", "node-3"), Duration.ofMillis(20), 64, 262_144, 50);
        server = new ControlPlane("server", dir, db, nodes.nodesFile(), apiKey, SETTINGS);
        server.start();
        api = new Api(server.baseUri(), apiKey);
        List<Long> ids = CrashRun.awaitNodesOnline(api);
        nodeIds = new HashMap<>();
        for (JsonNode n : api.adminNodes()) {
            nodeIds.put(n.get("name").asString(), n.get("id").asLong());
        }
        assertThat(nodeIds.values()).containsExactlyInAnyOrderElementsOf(ids);
        source = api.deploy("faults-src").get("vm_uuid").asString();
        CrashRun.settle(db);
    }

    @AfterAll
    static void stopFleet() {
        if (server != null) {
            server.close();
        }
        if (nodes != null) {
            nodes.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @AfterEach
    void faultsClearedEverythingSettlesAndNothingLeaks() {
        nodes.names().forEach(nodes::clearFaults);
        CrashRun.settle(db);
        assertThat(Invariants.check(FleetSnapshot.take(db, api, nodes, LEDGER), LEDGER)).isEmpty();
    }

    @Test
    void serverErrorsOnCreateAreRetriedWithBackoffAndTheReplicaRunsOnceTheyStop() {
        nodes.setFaults("node-1", "{\"errors\": {\"CreateVm\": {\"status\": 500, \"times\": 2}}}");

        String uuid = replicaOn("node-1");

        assertThat(awaitStatus(uuid, "running", Duration.ofSeconds(30))).isEqualTo("running");
        Map<String, Object> create = operation(uuid, "create");
        assertThat(((Number) create.get("attempts")).intValue()).as("two refused attempts, then one that passed")
                .isEqualTo(3);
        assertThat(create.get("state")).isEqualTo("succeeded");
    }

    @Test
    void aCreateTheNodeRefusesFailsTheCvmWithTheNodesReasonAtOnce() {
        nodes.setFaults("node-2", "{\"cid_pool_exhausted\": true}");

        String uuid = replicaOn("node-2");

        assertThat(awaitStatus(uuid, "failed", Duration.ofSeconds(30))).isEqualTo("failed");
        Map<String, Object> create = operation(uuid, "create");
        assertThat(create.get("state")).isEqualTo("failed");
        assertThat((String) create.get("last_error")).contains("CID pool exhausted");
        assertThat(((Number) create.get("attempts")).intValue()).as("a refusal is not retried").isEqualTo(1);
        delete(uuid);
    }

    @Test
    void aCvmThatFailedBecauseTheNodeRefusedShowsTheNodesReasonInTheApi() {
        nodes.setFaults("node-2", "{\"cid_pool_exhausted\": true}");
        String uuid = replicaOn("node-2");
        awaitStatus(uuid, "failed", Duration.ofSeconds(30));
        try {
            String shown = body(api.get("/api/v1/cvms/" + uuid)) + body(api.get("/api/v1/cvms/" + uuid + "/state"))
                    + body(api.post("/api/v1/status/batch", Map.of("vm_uuids", List.of(uuid))));

            assertThat(shown).contains("CID pool exhausted");
        } finally {
            delete(uuid);
        }
    }

    @Test
    void aBootErrorShowsOnTheCvmAndTheCvmRunsOnceTheNodeBootsItAgain() {
        String reason = "Failed to request app keys: Failed to get app keys from KMS: App not allowed: Boot denied: "
                + "Device not allowed";
        nodes.setFaults("node-3", "{\"boot_error\": \"" + reason + "\"}");
        String uuid = replicaOn("node-3");

        JsonNode state = Await.until(() -> Api.require200(api.get("/api/v1/cvms/" + uuid + "/state")),
                s -> reason.equals(s.path("boot_error").asString("")), Duration.ofSeconds(30));
        assertThat(state.path("boot_error").asString("")).isEqualTo(reason);
        nodes.clearFaults("node-3");

        assertThat(awaitStatus(uuid, "running", Duration.ofSeconds(30))).isEqualTo("running");
    }

    @Test
    void aVmmRestartLeavesEveryCvmRunningAndMakesNoVm() {
        String uuid = replicaOn("node-1");
        awaitStatus(uuid, "running", Duration.ofSeconds(30));
        long vmsBefore = nodes.vms().size();
        try {
            nodes.restartVmm("node-1", Duration.ofSeconds(2));

            String notRunning = "SELECT COUNT(*) FROM cvms WHERE desired_state = 'running' AND status <> 'running'";
            long worst = Await.until(() -> db.count(notRunning), n -> n > 0, Duration.ofSeconds(8));
            assertThat(worst).as("CVMs that stopped counting as running after the VMM restart").isZero();
            assertThat(nodes.vms()).hasSize((int) vmsBefore);
        } finally {
            restartWhatDoesNotRun();
        }
    }

    @Test
    void aNodeThatRefusesConnectionsGoesOfflineAndComesBackWithItsCvmsReconciled() {
        String uuid = replicaOn("node-2");
        awaitStatus(uuid, "running", Duration.ofSeconds(30));

        nodes.setFaults("node-2", "{\"refuse_connections\": true}");
        assertThat(Await.until(() -> nodeStatus("node-2"), "offline"::equals, Duration.ofSeconds(30))).isEqualTo("offline");
        nodes.clearFaults("node-2");

        assertThat(Await.until(() -> nodeStatus("node-2"), "online"::equals, Duration.ofSeconds(30))).isEqualTo("online");
        Instant back = Instant.now();
        assertThat(Await.until(() -> observedAt(uuid), at -> at.isAfter(back), Duration.ofSeconds(30)))
                .as("the reconciler reads the node again").isAfter(back);
        assertThat(awaitStatus(uuid, "running", Duration.ofSeconds(10))).isEqualTo("running");
    }

    @Test
    void slowCallsOnEveryMethodDelayButDoNotBreakAReplica() {
        nodes.setFaults("node-3", "{\"latency_ms\": {\"*\": 1500}}");

        String uuid = replicaOn("node-3");

        assertThat(awaitStatus(uuid, "running", Duration.ofSeconds(60))).isEqualTo("running");
    }

    @Test
    void aCreateWhoseReplyIsLostAfterTheNodeActedEndsWithOneVm() {
        nodes.setFaults("node-3", "{\"hang\": {\"CreateVm\": {\"after_effect\": true, \"max_ms\": 60000}}}");

        String uuid = replicaOn("node-3");

        assertThat(awaitStatus(uuid, "running", Duration.ofSeconds(60))).isEqualTo("running");
        assertThat(vmsOf(uuid)).isEqualTo(1);
    }

    @Test
    void aHungNodeDoesNotStallTheOtherNodes() {
        Duration baseline = timeToRunningOn("node-2");
        nodes.setFaults("node-1", "{\"hang\": {\"*\": {}}}");

        Duration hung = timeToRunningOn("node-2");

        System.out.println("replica on node-2: " + baseline.toMillis() + " ms, with node-1 hung " + hung.toMillis() + " ms");
        assertThat(hung).as("time to running on node-2 while node-1 hangs (%s ms without)", baseline.toMillis())
                .isLessThan(baseline.plusSeconds(3));
    }

    @Test
    void aSlowBodyFromOneNodeIsCutOffAndDoesNotStallTheOtherNodes() {
        Duration baseline = timeToRunningOn("node-2");
        nodes.setFaults("node-1", "{\"slow_body\": {\"Status\": {\"bytes_per_second\": 5}}}");

        Duration trickled = timeToRunningOn("node-2");

        System.out.println("replica on node-2: " + baseline.toMillis() + " ms, with node-1 trickling "
                + trickled.toMillis() + " ms");
        assertThat(trickled).as("time to running on node-2 while node-1 trickles (%s ms without)", baseline.toMillis())
                .isLessThan(baseline.plusSeconds(3));
    }

    @Test
    void aCreateHeldBeforeTheNodeActedAndRetriedEndsWithOneVm() {
        nodes.setFaults("node-3", "{\"hang\": {\"CreateVm\": {}}}");
        String uuid = replicaOn("node-3");
        try {
            Await.until(() -> ((Number) operation(uuid, "create").get("attempts")).intValue(), n -> n >= 2,
                    Duration.ofSeconds(40));
            nodes.clearFaults("node-3");
            awaitStatus(uuid, "running", Duration.ofSeconds(60));
            long vms = Await.until(() -> vmsOf(uuid), n -> n > 1, Duration.ofSeconds(5));

            assertThat(vms).as("VMs of the CVM once the node worked through its backlog").isEqualTo(1);
        } finally {
            System.out.println("removed duplicate VMs: " + nodes.removeDuplicateVms(db));
        }
    }

    /** A replica on {@code node} and how long it took to run (at most 60 s). */
    private Duration timeToRunningOn(String node) {
        Instant asked = Instant.now();
        String uuid = replicaOn(node);
        awaitStatus(uuid, "running", Duration.ofSeconds(60));
        return Duration.between(asked, Instant.now());
    }

    /** Restarts, through the API, every CVM wanted running that does not run (after a scenario known to strand some). */
    private void restartWhatDoesNotRun() {
        List<String> stranded = db.rows("SELECT vm_uuid FROM cvms WHERE desired_state = 'running' AND status <> 'running'")
                .stream().map(r -> (String) r.get("vm_uuid")).toList();
        stranded.forEach(uuid -> api.post("/api/v1/cvms/" + uuid + "/restart", Map.of()));
        Await.until(() -> db.count("SELECT COUNT(*) FROM cvms WHERE desired_state = 'running' AND status <> 'running'"),
                n -> n == 0, Duration.ofSeconds(60));
        System.out.println("restarted CVMs that did not run: " + stranded);
    }

    private String replicaOn(String node) {
        Answer answer = api.replicate(source, nodeIds.get(node), null);
        LEDGER.record(new Ledger.Entry(Ledger.Kind.REPLICATE, source, nodeIds.get(node), null, false, answer));
        return Api.require200(answer).get("vm_uuid").asString();
    }

    private void delete(String uuid) {
        Answer answer = api.delete(uuid);
        LEDGER.record(new Ledger.Entry(Ledger.Kind.DELETE, uuid, null, null, false, answer));
        assertThat(answer.is(204)).as("delete %s: %s", uuid, answer).isTrue();
    }

    private String awaitStatus(String uuid, String wanted, Duration patience) {
        return Await.until(() -> (String) db.rows("SELECT status FROM cvms WHERE vm_uuid = ?", uuid).get(0).get("status"),
                wanted::equals, patience);
    }

    private Map<String, Object> operation(String uuid, String kind) {
        return db.rows("""
                SELECT o.* FROM operations o JOIN cvms c ON c.id = o.cvm_id
                WHERE c.vm_uuid = ? AND o.kind = ? ORDER BY o.id DESC LIMIT 1""", uuid, kind).get(0);
    }

    private String nodeStatus(String node) {
        for (JsonNode n : api.adminNodes()) {
            if (n.get("name").asString().equals(node)) {
                return n.get("status").asString();
            }
        }
        return "absent";
    }

    private Instant observedAt(String uuid) {
        Object at = db.rows("SELECT observed_at FROM cvms WHERE vm_uuid = ?", uuid).get(0).get("observed_at");
        return at == null ? Instant.EPOCH : ((Timestamp) at).toInstant();
    }

    private long vmsOf(String uuid) {
        return nodes.vms().stream().filter(vm -> uuid.equals(vm.vmUuid())).count();
    }

    private static String body(Answer answer) {
        return answer instanceof Answer.Reply r ? r.body() : String.valueOf(answer);
    }
}
