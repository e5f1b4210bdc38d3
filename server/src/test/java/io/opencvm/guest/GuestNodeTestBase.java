package io.opencvm.guest;

import io.opencvm.testsupport.Await;
import io.opencvm.testsupport.SimulatedNode;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Shared set-up of the tests that read a CVM through its node: one {@link SimulatedNode} per test (close it for a node
 * that is gone), alice who runs CVMs on it, and mallory of another workspace. Subclasses carry the same
 * {@code @ServerTest} properties (workers and reconciler fast) so they share one server.
 */
abstract class GuestNodeTestBase {

    static final AtomicLong SEQ = new AtomicLong(System.nanoTime() % 1_000_000);
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String COMPOSE = "services:\n  web:\n    image: nginx:1.27\n";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    SimulatedNode node;
    TestAccount alice;
    TestAccount mallory;

    @BeforeEach
    void startNode() {
        String suffix = String.valueOf(SEQ.incrementAndGet());
        node = SimulatedNode.start(jdbc, "g-" + suffix);
        alice = new TestAccounts(jdbc).workspaceWithKey("g-a-" + suffix);
        mallory = new TestAccounts(jdbc).workspaceWithKey("g-m-" + suffix);
    }

    @AfterEach
    void stopNode() {
        node.close();
    }

    TestHttp api(TestAccount account) {
        return TestHttp.to(port).api().as(account.apiKey()).version("2026-01-21");
    }

    /** Provisions and commits one of alice's CVMs on the node and waits until it runs with an instance id. */
    JsonNode runningCvm() {
        JsonNode provision = api(alice).post("/cvms/provision", Map.of("name", "g-" + SEQ.incrementAndGet(),
                "teepod_id", node.nodeId(), "instance_type", "tdx.small",
                "compose_file", Map.of("docker_compose_file", COMPOSE))).json();
        String vmUuid = api(alice).post("/cvms", Map.of("app_id", provision.get("app_id").asString(),
                "compose_hash", provision.get("compose_hash").asString())).json().get("vm_uuid").asString();
        return Await.until(() -> api(alice).get("/cvms/" + vmUuid).json(),
                c -> "running".equals(c.path("status").asString()) && !c.path("instance_id").isNull(), WAIT);
    }
}
