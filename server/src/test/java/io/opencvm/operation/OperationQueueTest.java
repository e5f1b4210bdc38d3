package io.opencvm.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opencvm.cvm.TestCvms;
import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestNodes;
import io.opencvm.vmm.VmmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/** The queue's engine on the real database, with a handler that records what it did (no node involved). */
@ServerTest
@TestPropertySource(properties = {"opencvm.operations.workers=0", "opencvm.reconcile.enabled=false",
        "opencvm.nodes.probe-interval=PT1H"})
class OperationQueueTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    OperationQueue queue;
    @Autowired
    OperationStore store;
    @Autowired
    TransactionTemplate tx;

    private TestAccount account;
    private long nodeId;
    private final AtomicInteger appSeq = new AtomicInteger();

    @BeforeEach
    void setUp() {
        // Test methods share one database: earlier tests' unfinished operations must not be claimed here.
        jdbc.sql("UPDATE operations SET state = 'failed', lease_owner = NULL WHERE state IN ('pending', 'running')").update();
        account = new TestAccounts(jdbc).workspaceWithKey("ops-" + System.nanoTime());
        nodeId = new TestNodes(jdbc).node("node-" + System.nanoTime(), "http://127.0.0.1:9", null, 64, 65536, 100,
                "dstack-0.5.4");
    }

    private long newCvm() {
        String appId = String.format("%040x", System.nanoTime() * 1000 + appSeq.incrementAndGet());
        return new TestCvms(jdbc).cvm(account, appId, "cvm-" + appSeq.get() + "-" + (System.nanoTime() % 100000), nodeId,
                "running");
    }

    private Operation enqueue(long cvmId, OperationKind kind) {
        int generation = jdbc.sql("SELECT generation FROM cvms WHERE id = ?").param(cvmId).query(Integer.class).single();
        return tx.execute(s -> queue.enqueue(cvmId, generation, kind, "test"));
    }

    @Test
    void enqueueingTheSameKindAtTheSameGenerationReturnsTheFirstOperation() {
        long cvm = newCvm();
        Operation first = enqueue(cvm, OperationKind.STOP);
        Operation again = enqueue(cvm, OperationKind.STOP);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM operations WHERE cvm_id = ?").param(cvm).query(Long.class).single())
                .isEqualTo(1L);
        jdbc.sql("UPDATE cvms SET generation = generation + 1 WHERE id = ?").param(cvm).update();
        assertThat(enqueue(cvm, OperationKind.STOP).id()).isNotEqualTo(first.id());
    }

    /**
     * Four workers start together on 30 CVMs with 4 operations each. Every attempt is recorded as the window in
     * which its worker held the operation (from the handler's start to the settling write) and, while it holds
     * it, the handler also asks the database whether another operation of the same CVM is running. No operation
     * may run twice, and no two windows of one CVM may overlap: the claim's per-CVM order and its fence are what
     * guarantee it (remove either and this test fails).
     */
    @Test
    void fourWorkersRunEveryOperationExactlyOnceAndOneCvmsOperationsNeverOverlap() throws Exception {
        List<Long> cvms = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            long cvm = newCvm();
            cvms.add(cvm);
            for (OperationKind kind : List.of(OperationKind.START, OperationKind.STOP, OperationKind.RESTART,
                    OperationKind.SHUTDOWN)) {
                enqueue(cvm, kind);
            }
        }
        Map<Long, List<Window>> windowsByCvm = new ConcurrentHashMap<>();
        Map<Long, Window> open = new ConcurrentHashMap<>();
        Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
        AtomicInteger seenRunningAlongside = new AtomicInteger();
        OperationHandler recorder = new OperationHandler() {
            @Override
            public Outcome handle(Operation op, Lease lease) {
                Window window = new Window(op.id(), lease.owner(), System.nanoTime());
                open.put(op.id(), window);
                windowsByCvm.computeIfAbsent(op.cvmId(), k -> new CopyOnWriteArrayList<>()).add(window);
                runs.computeIfAbsent(op.id(), k -> new AtomicInteger()).incrementAndGet();
                long others = lease.write(() -> jdbc.sql("SELECT COUNT(*) FROM operations WHERE cvm_id = ? AND id <> ?"
                        + " AND state = 'running'").params(op.cvmId(), op.id()).query(Long.class).single());
                if (others > 0) {
                    seenRunningAlongside.incrementAndGet();
                }
                return Outcome.done();
            }

            @Override
            public void settled(Operation op) {
                open.get(op.id()).end = System.nanoTime();
            }
        };
        RetryPolicy retry = new RetryPolicy(Duration.ZERO, Duration.ZERO, 3);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            OperationEngine engine = new OperationEngine(store, recorder, tx, Clock.systemUTC(), retry, Duration.ofSeconds(60));
            String owner = "worker-" + w;
            workers.add(pool.submit(() -> {
                start.await();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                int idle = 0;
                while (idle < 20 && System.nanoTime() < deadline) {
                    idle = engine.runNext(owner) ? 0 : idle + 1;
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : workers) {
            f.get(90, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(runs).hasSize(120);
        assertThat(runs.values()).as("attempts per operation").allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(seenRunningAlongside.get()).as("operations that saw another of their CVM running").isZero();
        windowsByCvm.forEach((cvm, windows) -> {
            List<Window> inOrder = windows.stream().sorted(Comparator.comparingLong(Window::start)).toList();
            for (int i = 1; i < inOrder.size(); i++) {
                Window before = inOrder.get(i - 1);
                Window after = inOrder.get(i);
                assertThat(after.start).as("cvm %d: operation %d (%s) started while %d (%s) was held", cvm, after.operationId,
                        after.holder, before.operationId, before.holder).isGreaterThan(before.end);
            }
        });
        assertThat(jdbc.sql("SELECT COUNT(*) FROM operations WHERE state = 'succeeded' AND cvm_id IN (:ids)")
                .param("ids", cvms).query(Long.class).single()).isEqualTo(120L);
    }

    /** When a worker held an operation: from its handler's start to its settling write (0 until then). */
    private static final class Window {
        final long operationId;
        final String holder;
        final long start;
        volatile long end;

        Window(long operationId, String holder, long start) {
            this.operationId = operationId;
            this.holder = holder;
            this.start = start;
        }

        long start() {
            return start;
        }
    }

    @Test
    void aWorkerWhoseLeaseExpiredAndWasTakenOverChangesNothing() {
        long cvm = newCvm();
        Operation op = enqueue(cvm, OperationKind.START);
        Instant t0 = Instant.now();
        Operation stale = tx.execute(s -> store.claimNext("stale-worker", t0, t0.plusSeconds(60))).orElseThrow();
        assertThat(stale.id()).isEqualTo(op.id());
        Optional<Operation> meanwhile = tx.execute(s -> store.claimNext("other", t0.plusSeconds(1), t0.plusSeconds(61)));
        assertThat(meanwhile).isEmpty();

        Instant later = t0.plusSeconds(61);
        Operation fresh = tx.execute(s -> store.claimNext("fresh-worker", later, later.plusSeconds(60))).orElseThrow();
        assertThat(fresh.claim().fence()).isGreaterThan(stale.claim().fence());
        assertThat(fresh.attempts().made()).isEqualTo(2);

        Lease staleLease = new Lease(store, tx, Clock.fixed(later, ZoneOffset.UTC), op.id(), "stale-worker", stale.claim().fence());
        assertThatThrownBy(() -> staleLease.write(() ->
                jdbc.sql("UPDATE cvms SET node_vm_id = 'stale' WHERE id = ?").param(cvm).update()))
                .isInstanceOf(LostLeaseException.class);
        Integer staleFinish = tx.execute(s -> store.finish(op.id(), stale.claim().fence(), OperationState.FAILED, "stale", later));
        assertThat(staleFinish).isZero();

        assertThat(jdbc.sql("SELECT node_vm_id FROM cvms WHERE id = ?").param(cvm).query(String.class).optional()).isEmpty();
        Operation now = store.find(op.id()).orElseThrow();
        assertThat(now.state()).isEqualTo(OperationState.RUNNING);
        assertThat(now.claim().owner()).isEqualTo("fresh-worker");
        assertThat(now.attempts().lastError()).isNull();
    }

    @Test
    void aRetryableFailureIsRescheduledAndFailsForGoodWhenAttemptsRunOut() {
        long cvm = newCvm();
        Operation op = enqueue(cvm, OperationKind.STOP);
        List<Operation> settled = new ArrayList<>();
        OperationHandler flaky = new OperationHandler() {
            @Override
            public Outcome handle(Operation o, Lease lease) {
                throw new VmmException(VmmException.Kind.UNREACHABLE, "connection refused", null);
            }

            @Override
            public void settled(Operation o) {
                settled.add(o);
            }
        };
        OperationEngine engine = new OperationEngine(store, flaky, tx, Clock.systemUTC(),
                new RetryPolicy(Duration.ZERO, Duration.ZERO, 2), Duration.ofSeconds(60));
        assertThat(engine.runNext("w")).isTrue();
        Operation afterFirst = store.find(op.id()).orElseThrow();
        assertThat(afterFirst.state()).isEqualTo(OperationState.PENDING);
        assertThat(afterFirst.attempts().lastError()).isEqualTo("connection refused");
        assertThat(engine.runNext("w")).isTrue();
        Operation afterSecond = store.find(op.id()).orElseThrow();
        assertThat(afterSecond.state()).isEqualTo(OperationState.FAILED);
        assertThat(afterSecond.attempts().made()).isEqualTo(2);
        assertThat(settled).extracting(Operation::state).containsExactly(OperationState.FAILED);
        assertThat(engine.runNext("w")).isFalse();
    }

    @Test
    void aRejectedCallFailsAtOnceWithTheNodesMessage() {
        long cvm = newCvm();
        Operation op = enqueue(cvm, OperationKind.SHUTDOWN);
        OperationHandler rejecting = new OperationHandler() {
            @Override
            public Outcome handle(Operation o, Lease lease) {
                throw new VmmException(VmmException.Kind.REJECTED, "vm not found", null);
            }

            @Override
            public void settled(Operation o) {
            }
        };
        OperationEngine engine = new OperationEngine(store, rejecting, tx, Clock.systemUTC(),
                new RetryPolicy(Duration.ZERO, Duration.ZERO, 5), Duration.ofSeconds(60));
        assertThat(engine.runNext("w")).isTrue();
        Operation after = store.find(op.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(OperationState.FAILED);
        assertThat(after.attempts().lastError()).isEqualTo("vm not found");
        assertThat(after.attempts().made()).isEqualTo(1);
    }
}
