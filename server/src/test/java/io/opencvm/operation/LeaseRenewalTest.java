package io.opencvm.operation;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.cvm.TestCvms;
import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.SettableClock;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestNodes;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A handler whose node call outlasts the lease it was claimed with: while its holder renews, nobody else may
 * claim the operation; once the holder stops renewing (dead or frozen), the lease ends as before.
 */
@ServerTest
@TestPropertySource(properties = {"opencvm.operations.workers=0", "opencvm.reconcile.enabled=false",
        "opencvm.nodes.probe-interval=PT1H"})
class LeaseRenewalTest {

    private static final Duration LEASE = Duration.ofSeconds(60);

    @Autowired
    JdbcClient jdbc;
    @Autowired
    OperationQueue queue;
    @Autowired
    OperationStore store;
    @Autowired
    TransactionTemplate tx;

    private final SettableClock clock = new SettableClock();
    private final CountDownLatch nodeAnswers = new CountDownLatch(1);
    private final CountDownLatch inNodeCall = new CountDownLatch(1);
    private long cvmId;

    /** Stands for a node call: it returns only when the test lets the node answer. */
    private final OperationHandler slowNode = new OperationHandler() {
        @Override
        public Outcome handle(Operation op, Lease lease) {
            inNodeCall.countDown();
            try {
                nodeAnswers.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Outcome.done();
        }

        @Override
        public void settled(Operation op) {
        }
    };

    @BeforeEach
    void setUp() {
        jdbc.sql("UPDATE operations SET state = 'failed', lease_owner = NULL WHERE state IN ('pending', 'running')").update();
        String suffix = String.valueOf(System.nanoTime());
        var account = new TestAccounts(jdbc).workspaceWithKey("renew-" + suffix);
        long node = new TestNodes(jdbc).node("renew-" + suffix, "http://127.0.0.1:9", null, 8, 16384, 10, "dstack-0.5.4");
        cvmId = new TestCvms(jdbc).cvm(account, String.format("%040x", System.nanoTime()), "renew-" + suffix, node,
                "provisioning");
        tx.executeWithoutResult(s -> queue.enqueue(cvmId, 0, OperationKind.CREATE, "test"));
    }

    @AfterEach
    void letTheNodeAnswer() {
        nodeAnswers.countDown();
    }

    private OperationEngine engine(Clock clock, LeaseRenewals renewals) {
        return new OperationEngine(store, slowNode, tx, clock, new RetryPolicy(Duration.ZERO, Duration.ZERO, 3), renewals);
    }

    private Operation operation() {
        return jdbc.sql("SELECT id FROM operations WHERE cvm_id = ?").param(cvmId).query(Long.class).list().stream()
                .map(id -> store.find(id).orElseThrow()).findFirst().orElseThrow();
    }

    /** A worker of another instance, {@code after} past now, tries to claim; true when it got the operation. */
    private boolean anotherInstanceClaimsAt(Duration after) {
        Clock later = Clock.offset(clock, after);
        return Boolean.TRUE.equals(tx.execute(s -> store.claimNext("other-instance#1", later.instant(),
                later.instant().plus(LEASE)).isPresent()));
    }

    @Test
    void aHolderThatRenewsKeepsItsOperationPastTheFirstLeaseAndSettlesItWithItsOwnFence() throws Exception {
        LeaseRenewals renewals = new LeaseRenewals(store, clock, LEASE);
        CompletableFuture<Boolean> holder = CompletableFuture.supplyAsync(() -> engine(clock, renewals).runNext("holder#1"));
        assertThat(inNodeCall.await(30, TimeUnit.SECONDS)).isTrue();
        long fence = operation().claim().fence();

        clock.advance(LEASE.minusSeconds(10));
        renewals.renewAll();

        assertThat(anotherInstanceClaimsAt(Duration.ofSeconds(20))).as("claimed 70 s after the holder's claim").isFalse();
        nodeAnswers.countDown();
        assertThat(holder.get(30, TimeUnit.SECONDS)).isTrue();
        Operation done = operation();
        assertThat(done.state()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(done.claim().fence()).isEqualTo(fence);
        assertThat(renewals.size()).as("leases held after settling").isZero();
    }

    @Test
    void aHolderThatStopsRenewingLosesTheOperationWhenItsLeaseEnds() throws Exception {
        LeaseRenewals renewals = new LeaseRenewals(store, clock, LEASE);
        CompletableFuture<Boolean> holder = CompletableFuture.supplyAsync(() -> engine(clock, renewals).runNext("holder#1"));
        assertThat(inNodeCall.await(30, TimeUnit.SECONDS)).isTrue();
        long fence = operation().claim().fence();

        assertThat(anotherInstanceClaimsAt(LEASE.plusSeconds(10))).as("claimed after the unrenewed lease ended").isTrue();

        renewals.renewAll();
        assertThat(renewals.size()).as("the taken-over lease is no longer renewed").isZero();
        nodeAnswers.countDown();
        holder.get(30, TimeUnit.SECONDS);
        Operation after = operation();
        assertThat(after.claim().fence()).isEqualTo(fence + 1);
        assertThat(after.claim().owner()).isEqualTo("other-instance#1");
        assertThat(after.state()).as("the late holder settled nothing").isEqualTo(OperationState.RUNNING);
    }

    @Test
    void aStoppingHolderHandsItsOperationBackAtOnceAndItsLateSettleChangesNothing() throws Exception {
        LeaseRenewals renewals = new LeaseRenewals(store, clock, LEASE);
        CompletableFuture<Boolean> holder = CompletableFuture.supplyAsync(() -> engine(clock, renewals).runNext("holder#1"));
        assertThat(inNodeCall.await(30, TimeUnit.SECONDS)).isTrue();
        long fence = operation().claim().fence();

        assertThat(renewals.handBackAll()).isEqualTo(1);

        Operation handed = operation();
        assertThat(handed.state()).isEqualTo(OperationState.PENDING);
        assertThat(handed.claim().owner()).isNull();
        assertThat(anotherInstanceClaimsAt(Duration.ZERO)).as("claimed at once, long before the lease would end").isTrue();
        nodeAnswers.countDown();
        holder.get(30, TimeUnit.SECONDS);
        Operation after = operation();
        assertThat(after.claim().fence()).isEqualTo(fence + 1);
        assertThat(after.claim().owner()).isEqualTo("other-instance#1");
        assertThat(after.state()).as("the stopped holder settled nothing").isEqualTo(OperationState.RUNNING);
        assertThat(renewals.size()).isZero();
    }

    @Test
    void attemptsThatOnlyWaitForAnEarlierCallsOutcomeDoNotUseUpTheRetryBudget() {
        java.util.Iterator<Outcome> outcomes = java.util.List.of(Outcome.waitFor("earlier create unanswered"),
                Outcome.waitFor("earlier create unanswered"), Outcome.retry("node did not answer"), Outcome.done())
                .iterator();
        OperationHandler handler = new OperationHandler() {
            @Override
            public Outcome handle(Operation op, Lease lease) {
                return outcomes.next();
            }

            @Override
            public void settled(Operation op) {
            }
        };
        OperationEngine engine = new OperationEngine(store, handler, tx, clock,
                new RetryPolicy(Duration.ZERO, Duration.ZERO, 2), new LeaseRenewals(store, clock, LEASE));

        for (int i = 0; i < 3; i++) {
            assertThat(engine.runNext("worker#1")).isTrue();
            assertThat(operation().state()).as("after attempt %s", i + 1).isEqualTo(OperationState.PENDING);
        }
        assertThat(operation().attempts().waits()).isEqualTo(2);
        assertThat(operation().attempts().lastError()).isEqualTo("node did not answer");
        assertThat(engine.runNext("worker#1")).isTrue();

        Operation done = operation();
        assertThat(done.state()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(done.attempts().made()).isEqualTo(4);
    }
}
