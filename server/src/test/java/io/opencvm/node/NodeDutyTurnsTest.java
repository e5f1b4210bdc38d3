package io.opencvm.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestNodes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** Several instances on one database take turns: each node is probed and reconciled by one of them per interval. */
@ServerTest
@TestPropertySource(properties = {"opencvm.nodes.probe-interval=PT1H", "opencvm.reconcile.enabled=false"})
class NodeDutyTurnsTest {

    private static final Duration INTERVAL = Duration.ofSeconds(2);

    @Autowired
    NodeService nodes;
    @Autowired
    JdbcClient jdbc;

    private long node() {
        return new TestNodes(jdbc).node("turns-" + System.nanoTime(), "http://127.0.0.1:9", null, 8, 16384, 10,
                "dstack-0.5.4");
    }

    @Test
    void ofThreeInstancesAskingAtOnceExactlyOneTakesTheTurn() throws Exception {
        long node = node();
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        ExecutorService instances = Executors.newFixedThreadPool(3);
        try {
            List<Callable<Boolean>> asks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                asks.add(() -> nodes.takeTurn(node, NodeDuty.RECONCILE, now, INTERVAL));
            }
            long taken = 0;
            for (Future<Boolean> f : instances.invokeAll(asks)) {
                taken += f.get() ? 1 : 0;
            }
            assertThat(taken).isEqualTo(1);
        } finally {
            instances.shutdownNow();
        }
    }

    @Test
    void theNextTurnComesOnceAnIntervalHasAlmostPassedAndEachDutyHasItsOwnTurns() {
        long node = node();
        Instant t0 = Instant.parse("2026-12-02T10:00:00Z");
        assertThat(nodes.takeTurn(node, NodeDuty.PROBE, t0, INTERVAL)).isTrue();

        assertThat(nodes.takeTurn(node, NodeDuty.PROBE, t0.plusMillis(1000), INTERVAL)).as("half an interval on").isFalse();
        assertThat(nodes.takeTurn(node, NodeDuty.RECONCILE, t0.plusMillis(1000), INTERVAL)).as("another duty").isTrue();
        assertThat(nodes.takeTurn(node, NodeDuty.PROBE, t0.plusMillis(1900), INTERVAL)).as("nine tenths on").isTrue();
        assertThat(nodes.takeTurn(node, NodeDuty.PROBE, t0.plusMillis(2000), INTERVAL)).as("just taken").isFalse();
    }
}
