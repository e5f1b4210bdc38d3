package io.opencvm.guest;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.Await;
import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import io.opencvm.testsupport.TestNodes;
import io.opencvm.vmmsim.VmmSimulator;
import io.opencvm.vmmsim.kms.KmsProfile;
import io.opencvm.vmmsim.kms.KmsSimulator;
import io.opencvm.vmmsim.node.BootTimings;
import io.opencvm.vmmsim.node.NodeProfile;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Containers, figures, network, runtime config and console of a CVM, read through its (simulated) node over HTTP. */
@ServerTest
@TestPropertySource(properties = {"opencvm.operations.poll-interval=PT0.05S", "opencvm.reconcile.interval=PT0.1S",
        "opencvm.operations.retry.initial=PT0.1S", "opencvm.nodes.probe-interval=PT1H", "opencvm.vmm.timeout=PT2S"})
class GuestRoutesTest {

    private static final AtomicLong SEQ = new AtomicLong(System.nanoTime() % 1_000_000);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String COMPOSE = "services:\n  web:\n    image: nginx:1.27\n  worker:\n    image: busybox:1.36\n";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private KmsSimulator kms;
    private VmmSimulator sim;
    private TestAccount alice;
    private TestAccount mallory;
    private long nodeId;

    @BeforeEach
    void startNode() {
        String suffix = String.valueOf(SEQ.incrementAndGet());
        kms = KmsSimulator.start(KmsProfile.defaults());
        sim = VmmSimulator.start(NodeProfile.defaults("guest-" + suffix).toBuilder().timings(BootTimings.instant())
                .kmsUrl(kms.baseUri().toString()).build());
        TestNodes nodes = new TestNodes(jdbc);
        long kmsPk = nodes.devKms("kms-" + suffix, kms.baseUri().toString());
        jdbc.sql("UPDATE kms SET is_default = FALSE WHERE id <> ?").param(kmsPk).update();
        nodeId = nodes.node("guest-" + suffix, sim.baseUri().toString(), kmsPk, 8, 16384, 10, "dstack-0.5.4");
        alice = new TestAccounts(jdbc).workspaceWithKey("guest-a-" + suffix);
        mallory = new TestAccounts(jdbc).workspaceWithKey("guest-m-" + suffix);
    }

    @AfterEach
    void stopNode() {
        sim.close();
        kms.close();
    }

    private TestHttp api(TestAccount account) {
        return TestHttp.to(port).api().as(account.apiKey()).version("2026-01-21");
    }

    /** A running CVM of alice's with two services; its vm_uuid. */
    private String runningCvm(Map<String, Object> composeExtras) {
        Map<String, Object> compose = new java.util.LinkedHashMap<>(Map.of("docker_compose_file", COMPOSE));
        compose.putAll(composeExtras);
        JsonNode provision = api(alice).post("/cvms/provision", Map.of("name", "g-" + SEQ.incrementAndGet(),
                "teepod_id", nodeId, "instance_type", "tdx.small", "compose_file", compose)).json();
        String vmUuid = api(alice).post("/cvms", Map.of("app_id", provision.get("app_id").asString(),
                "compose_hash", provision.get("compose_hash").asString())).json().get("vm_uuid").asString();
        JsonNode running = Await.until(() -> api(alice).get("/cvms/" + vmUuid).json(),
                c -> "running".equals(c.path("status").asString()) && !c.path("instance_id").isNull(), WAIT);
        assertThat(running.path("status").asString()).isEqualTo("running");
        return vmUuid;
    }

    private JsonNode composition(String vmUuid) {
        return Await.until(() -> api(alice).get("/cvms/" + vmUuid + "/composition").json(),
                c -> c.path("is_online").asBoolean() && c.path("containers").size() == 2, WAIT);
    }

    @Test
    void compositionListsOneContainerPerServiceWithALogLinkThatServesItsLogs() {
        String vmUuid = runningCvm(Map.of());

        JsonNode composition = composition(vmUuid);

        assertThat(composition.get("error").isNull()).isTrue();
        assertThat(composition.get("is_public").asBoolean()).isTrue();
        assertThat(composition.get("docker_compose_file").asString()).isEqualTo(COMPOSE);
        assertThat(composition.get("runner").asString()).isEqualTo("docker-compose");
        JsonNode web = composition.get("containers").valueStream()
                .filter(c -> c.get("names").get(0).asString().equals("/dstack-web-1")).findFirst().orElseThrow();
        assertThat(web.get("image").asString()).isEqualTo("nginx:1.27");
        assertThat(web.get("state").asString()).isEqualTo("running");
        assertThat(web.get("id").asString()).isNotEmpty();
        String instanceId = api(alice).get("/cvms/" + vmUuid).json().get("instance_id").asString();
        URI logs = URI.create(web.get("log_endpoint").asString());
        assertThat(logs.getPath()).isEqualTo("/" + instanceId + "-8090/logs/dstack-web-1");
        TestHttp.Reply fetched = Await.until(() -> TestHttp.to(logs.getPort()).get(logs.getPath() + "?text&bare&tail=50"),
                r -> r.status() == 200 && !r.body().isBlank(), WAIT);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.body()).isNotBlank().doesNotStartWith("{\"error\"");
    }

    @Test
    void privateLogsGiveContainersWithoutALogLink() {
        String vmUuid = runningCvm(Map.of("public_logs", false));

        JsonNode composition = composition(vmUuid);

        assertThat(composition.get("is_public").asBoolean()).isFalse();
        composition.get("containers").forEach(c -> assertThat(c.get("log_endpoint").isNull()).isTrue());
    }

    @Test
    void statsNetworkAndUserConfigComeFromTheGuest() {
        String vmUuid = runningCvm(Map.of());

        JsonNode stats = Await.until(() -> api(alice).get("/cvms/" + vmUuid + "/stats").json(),
                s -> s.path("is_online").asBoolean(), WAIT);
        assertThat(stats.get("sysinfo").get("num_cpus").asInt()).isEqualTo(1);
        assertThat(stats.get("sysinfo").get("total_memory").asLong()).isPositive();
        assertThat(stats.get("sysinfo").get("disks").get(0).has("mount_point")).isTrue();
        assertThat(stats.get("status").asString()).isEqualTo("running");
        assertThat(stats.get("boot_progress").asString()).isEqualTo("done");

        JsonNode network = api(alice).get("/cvms/" + vmUuid + "/network").json();
        assertThat(network.get("is_online").asBoolean()).isTrue();
        assertThat(network.get("internal_ip").asString()).matches("[0-9.]+");
        assertThat(network.get("public_urls").isArray()).isTrue();

        JsonNode config = api(alice).get("/cvms/" + vmUuid + "/user_config").json();
        assertThat(config.get("hostname").asString()).startsWith("g-");
        assertThat(config.get("ssh_authorized_keys").isArray()).isTrue();
        assertThat(config.get("default_gateway_domain").asString()).isNotBlank();
    }

    @Test
    void theConsoleLinkOfTheCvmServesItsSerialLogWithoutAnApiKeyAndOnlyWhenGenuine() {
        String vmUuid = runningCvm(Map.of());
        JsonNode v2025 = api(alice).version("2025-10-28").get("/cvms/" + vmUuid).json();
        URI link = URI.create(v2025.get("syslog_endpoint").asString());
        String pathAndQuery = link.getRawPath() + "?" + link.getRawQuery();

        TestHttp.Reply serial = Await.until(() -> TestHttp.to(port).get(pathAndQuery + "&ch=serial&lines=50&ansi"),
                r -> r.status() == 200 && !r.body().isBlank(), WAIT);
        assertThat(serial.status()).isEqualTo(200);
        assertThat(serial.header("Content-Type")).startsWith("text/plain");
        assertThat(serial.body()).isNotBlank();
        assertThat(TestHttp.to(port).get(pathAndQuery + "&ch=stdout").status()).isEqualTo(200);

        TestHttp.Reply tampered = TestHttp.to(port).get(pathAndQuery.replaceAll("sig=[0-9a-f]", "sig=x") + "&ch=serial");
        assertThat(tampered.status()).isEqualTo(403);
        assertThat(tampered.errorCode()).isEqualTo("ERR-03-101");
        TestHttp.Reply longer = TestHttp.to(port).get(pathAndQuery.replaceAll("exp=(\\d+)", "exp=9$1") + "&ch=serial");
        assertThat(longer.status()).isEqualTo(403);
        TestHttp.Reply badChannel = TestHttp.to(port).get(pathAndQuery + "&ch=kernel");
        assertThat(badChannel.status()).isEqualTo(422);
        assertThat(badChannel.body()).contains("\"ch\"");
        TestHttp.Reply badLines = TestHttp.to(port).get(pathAndQuery + "&lines=many");
        assertThat(badLines.status()).isEqualTo(422);
    }

    @Test
    void anotherWorkspacesCvmAnswersExactlyAsTheCvmItselfDoesAndNothingOfItShows() {
        String vmUuid = runningCvm(Map.of());
        TestHttp.Reply detail = api(mallory).get("/cvms/" + vmUuid); // the one id resolver's answer for a foreign CVM

        for (String route : List.of("composition", "stats", "network", "user_config")) {
            TestHttp.Reply theirs = api(mallory).get("/cvms/" + vmUuid + "/" + route);
            assertThat(theirs.status()).as(route).isEqualTo(detail.status()).isIn(403, 404);
            assertThat(theirs.body()).as(route).isEqualTo(detail.body()).doesNotContain("dstack-web");
        }
        TestHttp.Reply none = api(mallory).get("/cvms/00000000-0000-4000-8000-000000000000/composition");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.errorCode()).isEqualTo("ERR-03-001");
    }

    @Test
    void aNodeThatIsGoneOrSlowGivesIsOnlineFalseWithTheReason() {
        String vmUuid = runningCvm(Map.of());
        composition(vmUuid);
        URI console = URI.create(api(alice).version("2025-10-28").get("/cvms/" + vmUuid).json()
                .get("syslog_endpoint").asString());

        sim.faults().latency("SysInfo", Duration.ofSeconds(5)).latency("Info", Duration.ofSeconds(5));
        TestHttp.Reply slow = api(alice).get("/cvms/" + vmUuid + "/stats");
        assertThat(slow.status()).isEqualTo(200);
        assertThat(slow.json().get("is_online").asBoolean()).isFalse();
        assertThat(slow.json().get("error").asString()).contains("did not answer");
        assertThat(slow.json().get("sysinfo").isNull()).isTrue();
        assertThat(slow.json().get("status").asString()).isEqualTo("running");
        TestHttp.Reply slowAttestation = api(alice).get("/cvms/" + vmUuid + "/attestation");
        assertThat(slowAttestation.status()).isEqualTo(200);
        assertThat(slowAttestation.json().get("is_online").asBoolean()).isFalse();
        assertThat(slowAttestation.json().get("error").asString()).contains("did not answer");
        assertThat(slowAttestation.json().get("app_certificates").isNull()).isTrue();

        sim.faults().clear().refuseConnections();
        for (String route : List.of("composition", "stats", "network", "attestation")) {
            TestHttp.Reply gone = api(alice).get("/cvms/" + vmUuid + "/" + route);
            assertThat(gone.status()).as(route).isEqualTo(200);
            assertThat(gone.json().get("is_online").asBoolean()).as(route).isFalse();
            assertThat(gone.json().get("error").asString()).as(route).isNotBlank();
        }
        TestHttp.Reply config = api(alice).get("/cvms/" + vmUuid + "/user_config");
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.json().get("default_gateway_domain").isNull()).isTrue();
        // The console streams from the node itself: gone, it is a 502 that names the node, in the error envelope.
        TestHttp.Reply logs = TestHttp.to(port).get(console.getRawPath() + "?" + console.getRawQuery() + "&ch=serial&lines=5");
        assertThat(logs.status()).isEqualTo(502);
        assertThat(logs.errorCode()).isEqualTo("ERR-02-104");
        assertThat(logs.body()).contains("did not serve the logs");
        sim.faults().clear();
    }
}
