package io.opencvm.cvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.Await;
import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import io.opencvm.testsupport.TestNodes;
import io.opencvm.testsupport.WebhookReceiver;
import io.opencvm.vmmsim.VmmSimulator;
import io.opencvm.vmmsim.kms.AllowlistPolicy;
import io.opencvm.vmmsim.kms.KmsProfile;
import io.opencvm.vmmsim.kms.KmsSimulator;
import io.opencvm.vmmsim.node.BootTimings;
import io.opencvm.vmmsim.node.NodeProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every status move of a CVM that users care about reaches the workspace's webhook, in order, from one place. */
@ServerTest
@TestPropertySource(properties = {"opencvm.operations.poll-interval=PT0.05S", "opencvm.reconcile.interval=PT0.1S",
        "opencvm.operations.retry.initial=PT0.1S", "opencvm.nodes.probe-interval=PT1H",
        "opencvm.webhooks.allow-private-targets=true", "opencvm.webhooks.poll-interval=PT0.05S"})
class CvmWebhookEventsTest extends CvmTestBase {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final List<String> ALL = List.of("cvm.created", "cvm.started", "cvm.create_failed", "cvm.restarted",
            "cvm.updated", "cvm.stopped", "cvm.deleted", "cvm.update.pending_approval", "cvm.replica.pending_approval");

    private KmsSimulator kms;
    private VmmSimulator sim;
    private long nodeId;
    private TestAccount alice;
    private WebhookReceiver receiver;

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
        alice = account("hooked");
        receiver = WebhookReceiver.ok();
        TestHttp.Reply hook = TestHttp.to(port).as(alice.apiKey()).post("/api/v1/workspace/webhooks",
                Map.of("url", receiver.url(), "events", ALL));
        assertThat(hook.status()).as(hook.body()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        receiver.close();
        sim.close();
        kms.close();
    }

    private String deploy(String name) {
        JsonNode provision = http(alice).post("/cvms/provision", Map.of("name", name, "teepod_id", nodeId,
                "instance_type", "tdx.small", "compose_file", Map.of("docker_compose_file",
                        "services:\n  app:\n    image: nginx\n"))).json();
        TestHttp.Reply commit = http(alice).post("/cvms", Map.of("app_id", provision.get("app_id").asString(),
                "compose_hash", provision.get("compose_hash").asString()));
        assertThat(commit.status()).as(commit.body()).isEqualTo(200);
        return commit.json().get("vm_uuid").asString();
    }

    private List<JsonNode> eventsOf(String vmUuid) {
        return receiver.received().stream().map(r -> JSON.readTree(r.body()))
                .filter(e -> vmUuid.equals(e.at("/data/vm_uuid").asString())).toList();
    }

    private List<String> awaitEvents(String vmUuid, String last) {
        List<JsonNode> events = Await.until(() -> eventsOf(vmUuid),
                e -> !e.isEmpty() && last.equals(e.get(e.size() - 1).get("event").asString()), WAIT);
        return events.stream().map(e -> e.get("event").asString()).toList();
    }

    @Test
    void deployStopStartRestartAndDeleteEachReachTheWebhookInOrder() {
        String vmUuid = deploy(name("hooked"));
        assertThat(awaitEvents(vmUuid, "cvm.started")).containsExactly("cvm.created", "cvm.started");
        assertThat(http(alice).post("/cvms/" + vmUuid + "/stop", null).status()).isEqualTo(200);
        awaitEvents(vmUuid, "cvm.stopped");
        assertThat(http(alice).post("/cvms/" + vmUuid + "/start", null).status()).isEqualTo(200);
        awaitEvents(vmUuid, "cvm.started");
        assertThat(http(alice).post("/cvms/" + vmUuid + "/restart", Map.of("force", false)).status()).isEqualTo(200);
        awaitEvents(vmUuid, "cvm.restarted");
        assertThat(http(alice).delete("/cvms/" + vmUuid).status()).isEqualTo(204);
        assertThat(awaitEvents(vmUuid, "cvm.deleted")).containsExactly("cvm.created", "cvm.started", "cvm.stopped",
                "cvm.started", "cvm.restarted", "cvm.deleted");

        List<JsonNode> events = eventsOf(vmUuid);
        assertThat(events.stream().map(e -> e.get("id").asString()).distinct()).hasSize(events.size());
        JsonNode stopped = events.get(2);
        assertThat(stopped.at("/data/status").asString()).isEqualTo("stopped");
        assertThat(stopped.at("/data/previous_status").asString()).isEqualTo("stopping");
        assertThat(stopped.at("/workspace/name").asString()).isEqualTo(alice.slug().toUpperCase());
        assertThat(stopped.get("version").asString()).isEqualTo("1");
    }

    @Test
    void aBootTheKmsRefusesIsReportedAsCreateFailedWithTheNodesReason() {
        kms.setPolicy(new AllowlistPolicy()); // allows no OS image: every key request is denied
        String vmUuid = deploy(name("refused"));
        assertThat(awaitEvents(vmUuid, "cvm.create_failed")).containsExactly("cvm.created", "cvm.create_failed");
        JsonNode failed = eventsOf(vmUuid).get(1);
        assertThat(failed.at("/data/status").asString()).isEqualTo("failed");
    }
}
