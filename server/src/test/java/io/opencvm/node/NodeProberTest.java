package io.opencvm.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.micrometer.core.instrument.MeterRegistry;
import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import io.opencvm.testsupport.TestHttp.Reply;
import io.opencvm.vmmsim.VmmSimulator;
import io.opencvm.vmmsim.node.Generation;
import io.opencvm.vmmsim.node.NodeProfile;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Probing against real node simulators on loopback: online, images learned, offline after N failures, back. */
@ServerTest
@TestPropertySource(properties = {"opencvm.nodes.probe-interval=PT1H", "opencvm.nodes.offline-after=2"})
@Import(NodeProberTest.FixedClock.class)
@ExtendWith(OutputCaptureExtension.class)
class NodeProberTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @TestConfiguration
    static class FixedClock {
        @Bean
        @Primary
        Clock fixedClock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    NodeRegistry registry;
    @Autowired
    NodeService nodes;
    @Autowired
    NodeProber prober;
    @Autowired
    MeterRegistry meters;

    String suffix;
    VmmSimulator sim;

    @BeforeEach
    void setUp() {
        suffix = UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void tearDown() {
        if (sim != null) {
            sim.close();
        }
    }

    private Node register(String name, VmmSimulator on, String token) {
        return registry.register(new NodeRegistration(name, on.baseUri().toString(), token, "local", true, true,
                Set.of(), null, new Resources(8, 16384, 200, 4), "0a".repeat(32)));
    }

    private double gauge(String status) {
        return meters.get("opencvm.nodes").tag("status", status).gauge().value();
    }

    @Test
    void aReachableNodeBecomesOnlineWithItsVersionAndImages() {
        sim = VmmSimulator.start(NodeProfile.defaults("sim-" + suffix));
        Node node = register("p-" + suffix, sim, null);
        assertThat(node.status()).isEqualTo(NodeStatus.UNKNOWN);

        prober.probeAll();

        Node probed = nodes.get(node.id());
        assertThat(probed.status()).isEqualTo(NodeStatus.ONLINE);
        assertThat(probed.lastSeenAt()).isEqualTo(NOW);
        assertThat(probed.facts().version()).isEqualTo("0.5.4 (" + sim.profile().rev() + ")");
        assertThat(probed.images()).extracting(NodeImage::name, NodeImage::version, NodeImage::isDev)
                .containsExactly(tuple("dstack-0.5.4", "0.5.4", false),
                        tuple("dstack-dev-0.5.4", "0.5.4", true));
        // The simulator reports its device id (a real dstack-vmm does not); the reported one wins.
        assertThat(probed.deviceId()).isEqualTo(sim.profile().deviceId()).isNotEqualTo("0a".repeat(32));
        assertThat(probed.images()).extracting(NodeImage::osImageHash)
                .containsExactly(sim.profile().image("dstack-0.5.4").osImageHash(),
                        sim.profile().image("dstack-dev-0.5.4").osImageHash());
        assertThat(gauge("online")).isGreaterThanOrEqualTo(1);
        assertThat(probed.facts().gatewayDomain()).as("GetMeta's gateway base domain, for the CVMs' gateway")
                .isEqualTo(sim.profile().gatewayBaseDomain()).isNotBlank();
    }

    @Test
    void aNodeThatStopsAnsweringGoesOfflineAfterTwoFailedRoundsAndComesBackWhenItAnswers(CapturedOutput output) {
        sim = VmmSimulator.start(NodeProfile.defaults("sim-" + suffix));
        int simPort = sim.port();
        Node node = register("p-" + suffix, sim, null);
        prober.probeAll();
        double failuresBefore = meters.counter("opencvm.nodes.probe.failures", "kind", "unreachable").count();

        sim.close();
        prober.probeAll();
        assertThat(nodes.get(node.id()).status()).isEqualTo(NodeStatus.ONLINE);
        prober.probeAll();
        assertThat(nodes.get(node.id()).status()).isEqualTo(NodeStatus.OFFLINE);
        prober.probeAll();

        assertThat(nodes.usableBy(1)).noneMatch(n -> n.id() == node.id());
        RegisteredNode seen = registry.registered(node.id());
        assertThat(seen.health().failures()).isEqualTo(3);
        assertThat(seen.health().lastError()).startsWith("UNREACHABLE");
        assertThat(meters.counter("opencvm.nodes.probe.failures", "kind", "unreachable").count())
                .isEqualTo(failuresBefore + 3);
        assertThat(gauge("offline")).isGreaterThanOrEqualTo(1);
        assertThat(occurrences(output.getOut(), "node p-" + suffix + " is offline")).isEqualTo(1);

        sim = VmmSimulator.start(NodeProfile.defaults("sim-" + suffix).toBuilder().port(simPort).build());
        prober.probeAll();
        prober.probeAll();

        assertThat(nodes.get(node.id()).status()).isEqualTo(NodeStatus.ONLINE);
        assertThat(registry.registered(node.id()).health()).isEqualTo(NodeHealth.FRESH);
        assertThat(occurrences(output.getOut(), "node p-" + suffix + " is online")).isEqualTo(2);
    }

    @Test
    void aNodeThatRefusesTheTokenIsOfflineWithTheReasonUntilTheRightTokenIsRegistered() {
        sim = VmmSimulator.start(NodeProfile.defaults("sim-" + suffix).toBuilder()
                .generation(Generation.HEAD).authToken("right-" + suffix).build());
        Node node = register("p-" + suffix, sim, "wrong");

        prober.probeAll();
        prober.probeAll();

        assertThat(nodes.get(node.id()).status()).isEqualTo(NodeStatus.OFFLINE);
        assertThat(registry.registered(node.id()).health().lastError()).startsWith("UNAUTHORIZED");

        register("p-" + suffix, sim, "right-" + suffix);
        prober.probeAll();

        assertThat(nodes.get(node.id()).status()).isEqualTo(NodeStatus.ONLINE);
    }

    @Test
    void probedNodesShowUpOnlineInTheApiWithLearnedImages() {
        sim = VmmSimulator.start(NodeProfile.defaults("sim-" + suffix));
        Node node = register("p-" + suffix, sim, null);
        TestAccount account = new TestAccounts(jdbc).workspaceWithKey("probe-" + suffix);
        prober.probeAll();

        Reply available = TestHttp.to(port).get("/api/v1/teepods/available", account.apiKey());
        Reply listed = TestHttp.to(port).get("/api/v1/workspaces/probe-" + suffix + "/nodes?page_size=100",
                account.apiKey());

        JsonNode item = find(available.json().get("nodes"), "p-" + suffix);
        assertThat(item.get("images")).hasSize(2);
        assertThat(item.get("images").get(0).get("version").toString()).isEqualTo("[0,5,4]");
        assertThat(find(listed.json().get("items"), "p-" + suffix).get("status").asString()).isEqualTo("online");
        assertThat(find(listed.json().get("items"), "p-" + suffix).get("id").asLong()).isEqualTo(node.id());
    }

    private static JsonNode find(JsonNode array, String name) {
        for (JsonNode n : array) {
            if (n.get("name").asString().equals(name)) {
                return n;
            }
        }
        throw new AssertionError(name + " not in " + array);
    }

    private static int occurrences(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int count = 0;
        while (m.find()) {
            count++;
        }
        return count;
    }

}
