package io.opencvm.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.app.AppCompose;
import io.opencvm.replica.SimFleet.SimNode;
import io.opencvm.testsupport.Await;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import io.opencvm.vmm.VmInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * {@code /apps/{app_id}/rollouts} (opencvm's own extension): an app with three instances, one per node, is updated one
 * instance at a time; a failed boot halts it; a second rollout, a busy instance and a plain update while it rolls are
 * refused and change nothing.
 */
class RolloutTest extends UpdateTestBase {

    static final String NEW_COMPOSE = "services:\n  app:\n    image: nginx:1.27\n";

    @Autowired
    RolloutWorkers workers;

    private TestAccount alice;
    private SimNode a;
    private SimNode b;
    private SimNode c;
    private Source src;
    private List<String> instances;

    @BeforeEach
    void threeInstances() {
        alice = account("roll");
        a = fleet.node("a", 16, 32768, 20);
        b = fleet.node("b", 16, 32768, 20);
        c = fleet.node("c", 16, 32768, 20);
        src = source(alice, a);
        instances = new ArrayList<>(List.of(src.vmUuid()));
        for (SimNode node : List.of(b, c)) {
            TestHttp.Reply added = api(alice).post("/apps/" + src.appId() + "/instances", Map.of("node_id", node.id()));
            assertThat(added.status()).as(added.body()).isEqualTo(200);
            instances.add(added.json().get("vm_uuid").asString());
            awaitRunning(alice, added.json().get("vm_uuid").asString());
        }
    }

    @AfterEach
    void workersOnAgain() {
        workers.start();
    }

    private String rollouts() {
        return "/apps/" + src.appId() + "/rollouts";
    }

    private JsonNode awaitState(String rolloutId, String state) {
        JsonNode rollout = Await.until(() -> api(alice).get(rollouts() + "/" + rolloutId).json(),
                r -> r.has("state") && state.equals(r.get("state").asString()));
        assertThat(rollout.get("state").asString()).as(rollout.toString()).isEqualTo(state);
        return rollout;
    }

    private String composeOnNode(SimNode node, String vmUuid) {
        return AppCompose.sha256Hex(vmOf(node, vmUuid).configuration().composeFile());
    }

    private long rolloutsOfApp() {
        return jdbc.sql("SELECT COUNT(*) FROM app_rollouts r JOIN apps a ON a.id = r.app_pk WHERE a.app_id = ?")
                .param(src.appId()).query(Long.class).single();
    }

    /** The update operations of the instances, in the order they were created, as [vm_uuid, created, finished]. */
    private List<Object[]> updateOperations() {
        return jdbc.sql("""
                        SELECT c.vm_uuid, o.created_at, o.finished_at FROM operations o JOIN cvms c ON c.id = o.cvm_id
                        WHERE c.app_id = ? AND o.kind = 'update' ORDER BY o.created_at, o.id""")
                .param(src.appId()).query((rs, n) -> new Object[] {rs.getString(1), rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant()}).list();
    }

    @Test
    void threeInstancesRollOneAtATimeAndEveryOneRunsTheNewRevision() {
        TestHttp.Reply started = api(alice).post(rollouts(), Map.of("docker_compose_file", NEW_COMPOSE));

        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonNode rollout = started.json();
        assertThat(rollout.get("id").asString()).startsWith("ro_");
        assertThat(rollout.get("state").asString()).isEqualTo("rolling");
        assertThat(rollout.get("app_id").asString()).isEqualTo(src.appId());
        String target = rollout.get("compose_hash").asString();
        assertThat(target).isNotEqualTo(src.composeHash());
        assertThat(rollout.at("/instances/0/state").asString()).isEqualTo("updating");
        assertThat(rollout.at("/instances/0/operation_id").asString()).startsWith("op_");
        assertThat(rollout.at("/instances/1/state").asString()).isEqualTo("pending");
        assertThat(rollout.at("/instances/2/state").asString()).isEqualTo("pending");
        assertThat(rollout.get("instances").findValuesAsString("vm_uuid")).containsExactlyElementsOf(instances);

        JsonNode done = awaitState(rollout.get("id").asString(), "completed");

        assertThat(done.get("instances").findValuesAsString("state")).containsExactly("done", "done", "done");
        assertThat(done.get("finished_at").isNull()).isFalse();
        List<SimNode> nodes = List.of(a, b, c);
        for (int i = 0; i < 3; i++) {
            assertThat(done.at("/instances/" + i + "/previous_compose_hash").asString()).isEqualTo(src.composeHash());
            assertThat(row(instances.get(i)).composeHash()).isEqualTo(target);
            assertThat(composeOnNode(nodes.get(i), instances.get(i))).isEqualTo(target);
            awaitRunning(alice, instances.get(i));
        }
        // One at a time: each instance's update was created only after the previous one's had finished, in order.
        List<Object[]> ops = updateOperations();
        assertThat(ops).extracting(o -> (String) o[0]).containsExactlyElementsOf(instances);
        for (int i = 1; i < ops.size(); i++) {
            assertThat((Instant) ops.get(i)[1]).isAfterOrEqualTo((Instant) ops.get(i - 1)[2]);
        }
        for (int i = 1; i < 3; i++) {
            assertThat(Instant.parse(done.at("/instances/" + i + "/started_at").asString()))
                    .isAfterOrEqualTo(Instant.parse(done.at("/instances/" + (i - 1) + "/finished_at").asString()));
        }
        TestHttp.Reply list = api(alice).get(rollouts());
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.json().get("total").asLong()).isEqualTo(1);
        assertThat(list.json().at("/items/0/id").asString()).isEqualTo(rollout.get("id").asString());
    }

    @Test
    void aFailedBootOfTheSecondInstanceHaltsTheRolloutAndTheThirdKeepsItsRevision() {
        String bootError = "Failed to start containers: simulated";
        b.sim().faults().bootError(bootError);
        String before = composeOnNode(c, instances.get(2));

        TestHttp.Reply started = api(alice).post(rollouts(), Map.of("docker_compose_file", NEW_COMPOSE));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonNode halted = awaitState(started.json().get("id").asString(), "halted");

        String target = halted.get("compose_hash").asString();
        assertThat(halted.get("instances").findValuesAsString("state")).containsExactly("done", "failed", "pending");
        assertThat(halted.at("/instances/1/failure_reason").asString()).contains(bootError);
        assertThat(halted.get("reason").asString()).contains("instance 2").contains(bootError);
        assertThat(halted.at("/instances/2/operation_id").isNull()).isTrue();
        assertThat(composeOnNode(a, instances.get(0))).isEqualTo(target);
        assertThat(row(instances.get(2)).composeHash()).isEqualTo(src.composeHash());
        assertThat(composeOnNode(c, instances.get(2))).isEqualTo(before).isEqualTo(src.composeHash());
        assertThat(updateOperations()).extracting(o -> (String) o[0])
                .containsExactly(instances.get(0), instances.get(1));
        assertThat(api(alice).get("/cvms/" + instances.get(2)).json().get("status").asString()).isEqualTo("running");
        b.sim().faults().clear();
    }

    @Test
    void whileARolloutRollsASecondOneAndAPlainUpdateOfItsCvmsAreRefusedAndChangeNothing() {
        workers.stop(); // the rollout stays at its first instance until the advance runs again
        TestHttp.Reply started = api(alice).post(rollouts(), Map.of("docker_compose_file", NEW_COMPOSE));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        awaitUpdated(alice, instances.get(0));
        Row third = row(instances.get(2));
        long revisions = count("app_revision_records");

        TestHttp.Reply second = api(alice).post(rollouts(), Map.of("docker_compose_file", "services:\n  x:\n    image: redis\n"));
        TestHttp.Reply plain = api(alice).patch("/cvms/" + instances.get(2), Map.of("docker_compose_file", NEW_COMPOSE));
        TestHttp.Reply redeploy = api(alice).post("/apps/" + src.appId() + "/revisions/" + src.composeHash() + "/redeploy",
                Map.of("vm_uuids", List.of(instances.get(1))));
        TestHttp.Reply resize = api(alice).patch("/cvms/" + instances.get(2) + "/resources",
                Map.of("vcpu", 2, "allow_restart", true));

        for (TestHttp.Reply refused : List.of(second, plain, redeploy, resize)) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(refused.errorCode()).as(refused.body()).isEqualTo("ERR-03-121");
        }
        assertThat(row(instances.get(2))).isEqualTo(third);
        assertThat(count("app_revision_records")).isEqualTo(revisions);
        assertThat(rolloutsOfApp()).isEqualTo(1);

        workers.start();
        awaitState(started.json().get("id").asString(), "completed");
        TestHttp.Reply after = api(alice).patch("/cvms/" + instances.get(2), Map.of("public_logs", false));
        assertThat(after.status()).as(after.body()).isEqualTo(202);
    }

    @Test
    void ofTwoRolloutsAndAPlainUpdateSentAtOnceExactlyOneIsAccepted() throws Exception {
        workers.stop(); // whichever is accepted stays where it is while the replies are compared

        List<TestHttp.Reply> replies = atOnce(
                () -> api(alice).post(rollouts(), Map.of("docker_compose_file", NEW_COMPOSE)),
                () -> api(alice).post(rollouts(), Map.of("docker_compose_file", "services:\n  z:\n    image: redis\n")),
                () -> api(alice).patch("/cvms/" + instances.get(0), Map.of("public_logs", false)));

        assertThat(replies).filteredOn(r -> r.status() == 202).as(replies.toString()).hasSize(1);
        for (TestHttp.Reply refused : replies.stream().filter(r -> r.status() != 202).toList()) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(refused.errorCode()).as(refused.body()).isIn("ERR-03-120", "ERR-03-121");
        }
        boolean rolloutWon = replies.get(0).status() == 202 || replies.get(1).status() == 202;
        assertThat(rolloutsOfApp()).isEqualTo(rolloutWon ? 1 : 0);
        assertThat(jdbc.sql("""
                        SELECT COUNT(*) FROM operations o JOIN cvms c ON c.id = o.cvm_id
                        WHERE c.app_id = ? AND o.kind = 'update'""").param(src.appId()).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void aRolloutIsRefusedWhileAnInstanceHasAnOperationInFlight() {
        b.sim().faults().hang("StopVm"); // the plain update of the second instance stays in flight
        TestHttp.Reply plain = api(alice).patch("/cvms/" + instances.get(1), Map.of("public_logs", false));
        assertThat(plain.status()).as(plain.body()).isEqualTo(202);
        Row first = row(instances.get(0));
        long revisions = count("app_revisions");

        TestHttp.Reply refused = api(alice).post(rollouts(), Map.of("docker_compose_file", NEW_COMPOSE));

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("ERR-03-120");
        assertThat(refused.json().at("/detail/message").asString()).contains(plain.json().get("correlation_id").asString());
        assertThat(rolloutsOfApp()).isZero();
        assertThat(row(instances.get(0))).isEqualTo(first);
        assertThat(count("app_revisions")).isEqualTo(revisions);
    }

    @Test
    void aCancelStopsBeforeTheNextInstanceAndAnEndedRolloutCannotBeCancelled() {
        workers.stop();
        TestHttp.Reply started = api(alice).post(rollouts(), Map.of("docker_compose_file", NEW_COMPOSE));
        String id = started.json().get("id").asString();

        TestHttp.Reply cancel = api(alice).post(rollouts() + "/" + id + "/cancel", TestHttp.NO_BODY);

        assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);
        assertThat(cancel.json().get("cancel_requested").asBoolean()).isTrue();
        assertThat(cancel.json().get("state").asString()).isEqualTo("rolling");
        workers.start();
        JsonNode cancelled = awaitState(id, "cancelled");
        assertThat(cancelled.get("instances").findValuesAsString("state")).containsExactly("done", "pending", "pending");
        assertThat(row(instances.get(1)).composeHash()).isEqualTo(src.composeHash());
        assertThat(api(alice).post(rollouts() + "/" + id + "/cancel", TestHttp.NO_BODY).status()).isEqualTo(202);

        TestHttp.Reply next = api(alice).post(rollouts(), Map.of("revision_id", src.composeHash()));
        assertThat(next.status()).as(next.body()).isEqualTo(202);
        String nextId = next.json().get("id").asString();
        awaitState(nextId, "completed");
        TestHttp.Reply late = api(alice).post(rollouts() + "/" + nextId + "/cancel", TestHttp.NO_BODY);
        assertThat(late.status()).as(late.body()).isEqualTo(409);
        assertThat(late.errorCode()).isEqualTo("ERR-03-123");
        for (String vmUuid : instances) {
            assertThat(row(vmUuid).composeHash()).isEqualTo(src.composeHash());
        }
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstReplyAndAnotherBodyUnderItIs422() {
        TestHttp api = api(alice).with("Idempotency-Key", name("roll-key"));
        Map<String, Object> body = Map.of("docker_compose_file", NEW_COMPOSE);

        TestHttp.Reply first = api.post(rollouts(), body);
        TestHttp.Reply again = api.post(rollouts(), body);
        TestHttp.Reply other = api.post(rollouts(), Map.of("docker_compose_file", "services:\n  y:\n    image: redis\n"));

        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(other.status()).as(other.body()).isEqualTo(422);
        assertThat(other.errorCode()).isEqualTo("ERR-02-101");
        assertThat(rolloutsOfApp()).isEqualTo(1);
        awaitState(first.json().get("id").asString(), "completed");
        assertThat(updateOperations()).hasSize(3);
    }

    @Test
    void anotherWorkspacesAppAndRolloutAnswerLikeMissingOnesAndChangeNothing() {
        TestHttp.Reply started = api(alice).post(rollouts(), Map.of("docker_compose_file", NEW_COMPOSE));
        String id = started.json().get("id").asString();
        awaitState(id, "completed");
        TestAccount bob = account("roll-bob");
        World before = world();
        String missingApp = "/apps/" + "ab".repeat(20) + "/rollouts";

        for (String base : List.of(rollouts(), missingApp)) {
            for (TestHttp.Reply reply : List.of(api(bob).post(base, Map.of("docker_compose_file", NEW_COMPOSE)),
                    api(bob).get(base), api(bob).get(base + "/" + id), api(bob).post(base + "/" + id + "/cancel",
                            TestHttp.NO_BODY))) {
                assertThat(reply.status()).as(reply.body()).isEqualTo(404);
                assertThat(reply.errorCode()).isEqualTo("ERR-03-012");
            }
        }
        TestHttp.Reply unknown = api(alice).get(rollouts() + "/ro_00000000000000000000");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("ERR-03-122");
        assertThat(world()).isEqualTo(before);
        assertThat(rolloutsOfApp()).isEqualTo(1);
    }

    @Test
    void badBodiesAreRefusedWithTheErrorEnvelopeAndChangeNothing() {
        World before = world();
        long revisions = count("app_revisions");
        Row first = row(instances.get(0));

        assertRefusedAndNothingChanged(api(alice).post(rollouts(), TestHttp.NO_BODY), 422, null, before);
        assertRefusedAndNothingChanged(api(alice).post(rollouts(), "[1]"), 422, null, before);
        assertRefusedAndNothingChanged(api(alice).post(rollouts(), Map.of("docker_compose_file", 5)), 422, null, before);
        assertRefusedAndNothingChanged(api(alice).post(rollouts(), Map.of("revision_id", 7)), 422, null, before);
        assertRefusedAndNothingChanged(api(alice).post(rollouts(), Map.of()), 400, "ERR-02-008", before);
        assertRefusedAndNothingChanged(api(alice).post(rollouts(), Map.of("vcpu", 2)), 400, "ERR-02-008", before);
        assertRefusedAndNothingChanged(api(alice).post(rollouts(), Map.of("revision_id", src.composeHash(),
                "docker_compose_file", NEW_COMPOSE)), 400, "ERR-02-008", before);
        assertRefusedAndNothingChanged(api(alice).post(rollouts(), Map.of("revision_id", "rev_0000000000")), 404,
                "ERR-03-013", before);
        assertRefusedAndNothingChanged(api(alice).post(rollouts(), Map.of("encrypted_env", "not-hex")), 400, "ERR-02-008",
                before);
        assertRefusedAndNothingChanged(api(alice).get(rollouts() + "?page=0"), 422, null, before);
        assertThat(count("app_revisions")).isEqualTo(revisions);
        assertThat(row(instances.get(0))).isEqualTo(first);
        assertThat(rolloutsOfApp()).isZero();
    }
}
