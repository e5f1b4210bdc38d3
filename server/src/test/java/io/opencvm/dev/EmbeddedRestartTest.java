package io.opencvm.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.OpencvmApplication;
import io.opencvm.testsupport.TestDatabase;
import io.opencvm.testsupport.TestHttp;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A restart is never refused by data the server accepted: an operator raises an embedded node's capacity and its
 * CVMs fill it; the next start keeps the raised capacity (the simulator's default would be smaller than what the
 * CVMs hold) and comes up.
 */
class EmbeddedRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void aRaisedAndFilledEmbeddedNodeDoesNotStopTheNextStart() {
        String db = TestDatabase.freshUrl();
        String key = "restart-operator-key-" + System.nanoTime();
        long nodeId;
        try (ConfigurableApplicationContext first = start(db, key)) {
            TestHttp admin = http(first).as(key);
            JsonNode node = sim1(admin);
            nodeId = node.get("id").asLong();
            TestHttp.Reply raised = admin.patch("/admin/nodes/" + nodeId,
                    Map.of("capacity", Map.of("vcpu", 64, "memory_mb", 262144, "slots", 60)));
            assertThat(raised.status()).as(raised.body()).isEqualTo(200);
            first.getBean(JdbcClient.class).sql("""
                            UPDATE nodes SET vcpu_reserved = 40, memory_mb_reserved = 200000, slots_reserved = 30
                            WHERE id = ?""").param(nodeId).update();
        }
        try (ConfigurableApplicationContext second = start(db, key)) {
            TestHttp admin = http(second).as(key);
            assertThat(TestHttp.to(port(second)).get("/readyz").status()).isEqualTo(200);
            JsonNode node = sim1(admin);
            assertThat(node.get("id").asLong()).isEqualTo(nodeId);
            assertThat(node.toString()).contains("64").contains("262144");
            assertThat(second.getBean(JdbcClient.class).sql("SELECT vcpu_capacity FROM nodes WHERE id = ?")
                    .param(nodeId).query(Integer.class).single()).isEqualTo(64);
        }
    }

    private static JsonNode sim1(TestHttp admin) {
        TestHttp.Reply nodes = admin.get("/admin/nodes");
        assertThat(nodes.status()).as(nodes.body()).isEqualTo(200);
        for (JsonNode n : nodes.json().get("items")) {
            if ("sim-node-1".equals(n.get("name").asString())) {
                return n;
            }
        }
        throw new AssertionError("no sim-node-1 in " + nodes.body());
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    private static TestHttp http(ConfigurableApplicationContext context) {
        return TestHttp.to(port(context));
    }

    private ConfigurableApplicationContext start(String db, String key) {
        return new SpringApplicationBuilder(OpencvmApplication.class).run(
                "--spring.datasource.url=" + db, "--spring.datasource.username=" + TestDatabase.user(),
                "--spring.datasource.password=", "--opencvm.embedded.enabled=true", "--opencvm.data-dir=" + dataDir,
                "--opencvm.bootstrap.enabled=true", "--opencvm.api-key=" + key, "--server.port=0",
                "--server.address=127.0.0.1", "--management.server.port=0", "--opencvm.operations.workers=0",
                "--opencvm.reconcile.enabled=false");
    }
}
