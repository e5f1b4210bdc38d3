package io.opencvm.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.OpencvmApplication;
import io.opencvm.app.AppCompose;
import io.opencvm.replica.SimFleet;
import io.opencvm.replica.SimFleet.SimNode;
import io.opencvm.testsupport.Await;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestDatabase;
import io.opencvm.testsupport.TestHttp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;

/**
 * A rollout survives a restart of the server: the first server starts it and updates the first instance but never
 * advances it (its rollout thread is off, as if it died right after); the server is stopped, a new one starts on the
 * same database and finishes the rollout from its rows, one instance at a time, none skipped.
 */
class RolloutRestartTest {

    private static final String OLD_COMPOSE = "services:\n  app:\n    image: nginx\n";

    /** What the first server left behind: the app, its instances (with their nodes) and the stalled rollout. */
    private record Stalled(TestAccount alice, String appId, String oldHash, List<String> instances, String rolloutId) {
    }

    @Test
    void aServerStoppedMidRolloutLeavesItToTheNextOneWhichFinishesItOneInstanceAtATime() {
        String db = TestDatabase.freshUrl();
        JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(db, TestDatabase.user(), ""));
        List<SimFleet> fleets = new ArrayList<>();
        try {
            Stalled stalled;
            List<SimNode> nodes;
            try (ConfigurableApplicationContext first = start(db, 0)) {
                SimFleet fleet = new SimFleet(jdbc, "restart" + System.nanoTime() % 100_000);
                fleets.add(fleet);
                nodes = List.of(fleet.node("a", 16, 32768, 20), fleet.node("b", 16, 32768, 20),
                        fleet.node("c", 16, 32768, 20));
                stalled = startAndStall(first, jdbc, nodes);
            }
            try (ConfigurableApplicationContext second = start(db, 1)) {
                finishes(api(second, stalled.alice()), jdbc, stalled, nodes);
            }
        } finally {
            fleets.forEach(SimFleet::close);
        }
    }

    /** Three instances, a rollout started, its first instance updated and running, and no advance. */
    private static Stalled startAndStall(ConfigurableApplicationContext server, JdbcClient jdbc, List<SimNode> nodes) {
        TestAccount alice = new TestAccounts(jdbc).workspaceWithKey("roll-restart-" + System.nanoTime() % 100_000);
        TestHttp api = api(server, alice);
        JsonNode provision = ok(api.post("/cvms/provision", Map.of("name", "rolled-" + System.nanoTime() % 100_000,
                "teepod_id", nodes.get(0).id(), "vcpu", 1, "memory", 2048, "compose_file",
                Map.of("docker_compose_file", OLD_COMPOSE))), 200);
        String appId = provision.get("app_id").asString();
        String oldHash = provision.get("compose_hash").asString();
        List<String> instances = new ArrayList<>();
        instances.add(ok(api.post("/cvms", Map.of("app_id", appId, "compose_hash", oldHash)), 200)
                .get("vm_uuid").asString());
        awaitRunning(api, instances.get(0));
        for (SimNode node : nodes.subList(1, 3)) {
            String added = ok(api.post("/apps/" + appId + "/instances", Map.of("node_id", node.id())), 200)
                    .get("vm_uuid").asString();
            instances.add(added);
            awaitRunning(api, added);
        }
        JsonNode started = ok(api.post("/apps/" + appId + "/rollouts",
                Map.of("docker_compose_file", RolloutTest.NEW_COMPOSE)), 202);
        String rolloutId = started.get("id").asString();
        awaitRunningUpdated(api, jdbc, instances.get(0));
        JsonNode rollout = ok(api.get("/apps/" + appId + "/rollouts/" + rolloutId), 200);
        assertThat(rollout.get("state").asString()).isEqualTo("rolling");
        assertThat(rollout.get("instances").findValuesAsString("state")).containsExactly("updating", "pending", "pending");
        return new Stalled(alice, appId, oldHash, instances, rolloutId);
    }

    /** The rollout completes: every instance done, updated one after the other, each node running the new compose. */
    private static void finishes(TestHttp api, JdbcClient jdbc, Stalled stalled, List<SimNode> nodes) {
        JsonNode done = Await.until(() -> api.get("/apps/" + stalled.appId() + "/rollouts/" + stalled.rolloutId()).json(),
                r -> "completed".equals(r.path("state").asString()));

        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("completed");
        assertThat(done.get("instances").findValuesAsString("state")).containsExactly("done", "done", "done");
        String target = done.get("compose_hash").asString();
        assertThat(target).isNotEqualTo(stalled.oldHash());
        List<Instant[]> ops = jdbc.sql("""
                        SELECT o.created_at, o.finished_at FROM operations o JOIN cvms c ON c.id = o.cvm_id
                        WHERE c.app_id = ? AND o.kind = 'update' ORDER BY o.created_at, o.id""")
                .param(stalled.appId()).query((rs, n) -> new Instant[] {rs.getTimestamp(1).toInstant(),
                        rs.getTimestamp(2).toInstant()}).list();
        assertThat(ops).hasSize(3);
        for (int i = 1; i < ops.size(); i++) {
            assertThat(ops.get(i)[0]).isAfterOrEqualTo(ops.get(i - 1)[1]);
        }
        for (int i = 0; i < 3; i++) {
            String vmUuid = stalled.instances().get(i);
            SimNode node = nodes.get(i);
            awaitRunning(api, vmUuid);
            String onNode = node.vms().stream().filter(v -> v.name().endsWith("@" + vmUuid)).findFirst()
                    .map(v -> node.vmm().getInfo(v.id()).info().configuration().composeFile()).orElseThrow();
            assertThat(AppCompose.sha256Hex(onNode)).isEqualTo(target);
        }
    }

    private static JsonNode ok(TestHttp.Reply reply, int status) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        return reply.json();
    }

    private static void awaitRunning(TestHttp api, String vmUuid) {
        JsonNode cvm = Await.until(() -> api.get("/cvms/" + vmUuid).json(), c -> c != null
                && "running".equals(c.path("status").asString()) && !c.path("in_progress").asBoolean());
        assertThat(cvm.path("status").asString()).as(cvm.toString()).isEqualTo("running");
    }

    /** The first instance's update operation succeeded and the CVM runs again. */
    private static void awaitRunningUpdated(TestHttp api, JdbcClient jdbc, String vmUuid) {
        List<String> states = Await.until(() -> jdbc.sql("""
                        SELECT o.state FROM operations o JOIN cvms c ON c.id = o.cvm_id
                        WHERE c.vm_uuid = ? AND o.kind = 'update'""").param(vmUuid).query(String.class).list(),
                s -> s.equals(List.of("succeeded")));
        assertThat(states).containsExactly("succeeded");
        awaitRunning(api, vmUuid);
    }

    private static TestHttp api(ConfigurableApplicationContext context, TestAccount account) {
        int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        return TestHttp.to(port).api().as(account.apiKey()).version("2026-01-21");
    }

    private static ConfigurableApplicationContext start(String db, int rolloutWorkers) {
        return new SpringApplicationBuilder(OpencvmApplication.class).run(
                "--spring.datasource.url=" + db, "--spring.datasource.username=" + TestDatabase.user(),
                "--spring.datasource.password=", "--opencvm.embedded.enabled=false", "--opencvm.bootstrap.enabled=false",
                "--server.port=0", "--server.address=127.0.0.1", "--management.server.port=0",
                "--opencvm.limits.rate.requests-per-period=0", "--opencvm.operations.poll-interval=PT0.05S",
                "--opencvm.operations.retry.initial=PT0.1S", "--opencvm.reconcile.interval=PT0.1S",
                "--opencvm.nodes.probe-interval=PT1H", "--opencvm.rollouts.poll-interval=PT0.05S",
                "--opencvm.rollouts.workers=" + rolloutWorkers);
    }
}
