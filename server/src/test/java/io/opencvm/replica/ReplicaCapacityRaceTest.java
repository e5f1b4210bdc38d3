package io.opencvm.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.replica.SimFleet.SimNode;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * N concurrent replicate requests (real concurrent HTTP) against a node with room for K: exactly K
 * replicas and N−K clean capacity refusals, and the node holds exactly K replicas' worth.
 */
class ReplicaCapacityRaceTest extends ReplicaTestBase {

    private static final int REQUESTS = 12;
    private static final int ROOM = 4;

    private TestAccount alice;
    private SimNode home;
    private SimNode target;

    @BeforeEach
    void setUp() {
        alice = account("race");
        home = fleet.node("home", 16, 65536, 40);
        target = fleet.node("target", ROOM, 65536, 40);
    }

    @Test
    void twelveConcurrentReplicasOfOneSourceOnANodeWithRoomForFourLeaveExactlyFour() throws Exception {
        Source src = source(alice, home);

        List<TestHttp.Reply> replies = race(i -> src);

        assertExactlyRoomFilled(replies);
        assertThat(liveCvmsOfApp(src.appId())).isEqualTo(1 + ROOM);
    }

    @Test
    void concurrentReplicasOfThreeSourcesRaceForOneNodeAndStillLeaveExactlyFour() throws Exception {
        List<Source> sources = List.of(source(alice, home), source(alice, home), source(alice, home));

        List<TestHttp.Reply> replies = race(i -> sources.get(i % sources.size()));

        assertExactlyRoomFilled(replies);
    }

    @Test
    void concurrentReplicasWithoutATargetSpillFromTheFullSourceNodeAndNoneIsRefused() throws Exception {
        SimNode small = fleet.node("small", 2, 65536, 40);
        SimNode spill = fleet.node("spill", 16, 65536, 40);
        Source src = source(alice, small);
        // The one node a spilled replica may go to. With several, which one each request picks depends on
        // whose reservations had committed when it planned again (concurrent plans see the same free room),
        // so only "spilled, never refused, never over-committed" would be certain; with one it is exact.
        jdbc.sql("UPDATE nodes SET status = 'offline' WHERE id IN (?, ?)").params(home.id(), target.id()).update();

        List<TestHttp.Reply> replies = race(i -> src, null);

        // The source node had room for one more; a request that planned it and then lost the reservation
        // is planned again on fresh state instead of being refused.
        assertThat(replies).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(200));
        assertThat(fleet.reserved(small)).isEqualTo("2/4096/40/2");
        assertThat(replies.stream().filter(r -> r.json().get("teepod_id").asLong() != small.id())).hasSize(REQUESTS - 1)
                .allSatisfy(r -> {
                    assertThat(r.json().get("teepod_id").asLong()).isEqualTo(spill.id());
                    assertThat(r.json().get("placement").get("moved_from_source_node").asBoolean()).isTrue();
                });
        assertThat(fleet.reserved(spill)).isEqualTo((REQUESTS - 1) + "/" + (REQUESTS - 1) * 2048 + "/"
                + (REQUESTS - 1) * 20 + "/" + (REQUESTS - 1));
        assertThat(replies.stream().map(r -> r.json().get("name").asString()).distinct()).hasSize(REQUESTS);
        assertThat(liveCvmsOfApp(src.appId())).isEqualTo(1 + REQUESTS);
    }

    private List<TestHttp.Reply> race(java.util.function.IntFunction<Source> sourceOf) throws Exception {
        return race(sourceOf, target.id());
    }

    private List<TestHttp.Reply> race(java.util.function.IntFunction<Source> sourceOf, Long nodeId) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(REQUESTS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<TestHttp.Reply>> futures = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                Source src = sourceOf.apply(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    return replicate(api(alice), src.vmUuid(), nodeId == null ? Map.of() : Map.of("node_id", nodeId));
                }));
            }
            start.countDown();
            List<TestHttp.Reply> replies = new ArrayList<>();
            for (Future<TestHttp.Reply> f : futures) {
                replies.add(f.get(60, TimeUnit.SECONDS));
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertExactlyRoomFilled(List<TestHttp.Reply> replies) {
        List<TestHttp.Reply> created = replies.stream().filter(r -> r.status() == 200).toList();
        List<TestHttp.Reply> refused = replies.stream().filter(r -> r.status() != 200).toList();
        assertThat(created).as(replies.toString()).hasSize(ROOM);
        assertThat(refused).hasSize(REQUESTS - ROOM).allSatisfy(r -> {
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.errorCode()).isIn("ERR-02-003", "ERR-02-004", "ERR-02-005");
        });
        assertThat(created.stream().map(r -> r.json().get("name").asString()).distinct()).hasSize(ROOM);
        assertThat(created).allSatisfy(r -> assertThat(r.json().get("teepod_id").asLong()).isEqualTo(target.id()));
        assertThat(fleet.reserved(target)).isEqualTo(ROOM + "/" + ROOM * 2048 + "/" + ROOM * 20 + "/" + ROOM);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM cvms WHERE node_id = ? AND deleted_at IS NULL").param(target.id())
                .query(Long.class).single()).isEqualTo(ROOM);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM operations o JOIN cvms c ON c.id = o.cvm_id WHERE c.node_id = ?")
                .param(target.id()).query(Long.class).single()).isEqualTo(ROOM);
        for (TestHttp.Reply r : created) {
            awaitRunning(alice, r.json().get("vm_uuid").asString());
        }
        assertThat(target.vms()).hasSize(ROOM);
    }
}
