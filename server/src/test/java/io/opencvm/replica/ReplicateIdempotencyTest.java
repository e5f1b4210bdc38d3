package io.opencvm.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.replica.SimFleet.SimNode;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code Idempotency-Key}: replay within 24 h, 422 for another request, 409 while running, per workspace. */
class ReplicateIdempotencyTest extends ReplicaTestBase {

    private TestAccount alice;
    private SimNode a;
    private SimNode b;
    private Source src;

    @BeforeEach
    void setUp() {
        alice = account("idem");
        a = fleet.node("a", 16, 32768, 20);
        b = fleet.node("b", 16, 32768, 20);
        src = source(alice, a);
    }

    private TestHttp keyed(TestAccount account, String key) {
        return api(account).with("Idempotency-Key", key);
    }

    private static String key() {
        return "key-" + SEQ.incrementAndGet();
    }

    @Test
    void theSameKeyAndRequestReplaysTheFirstResponseAndCreatesNothingNew() {
        TestHttp api = keyed(alice, key());
        TestHttp.Reply first = replicate(api, src.vmUuid(), Map.of("node_id", b.id()));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        World after = world();

        TestHttp.Reply again = replicate(api, src.vmUuid(), Map.of("node_id", b.id()));

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(world().cvms()).isEqualTo(after.cvms());
        assertThat(world().reserved()).isEqualTo(after.reserved());
        assertThat(liveCvmsOfApp(src.appId())).isEqualTo(2);
    }

    @Test
    void aRefusedRequestIsReplayedWithTheSameRefusalEvenOnceItWouldSucceed() {
        SimNode full = fleet.node("full", 0, 32768, 20);
        TestHttp api = keyed(alice, key());
        World before = world();
        TestHttp.Reply refused = replicate(api, src.vmUuid(), Map.of("node_id", full.id()));
        assertRefusedAndNothingChanged(refused, 400, "ERR-02-003", before);
        jdbc.sql("UPDATE nodes SET vcpu_capacity = 16 WHERE id = ?").param(full.id()).update();

        TestHttp.Reply replayed = replicate(api, src.vmUuid(), Map.of("node_id", full.id()));

        assertRefusedAndNothingChanged(replayed, 400, "ERR-02-003", before);
        assertThat(replayed.body()).isEqualTo(refused.body());
        assertThat(replicate(api(alice), src.vmUuid(), Map.of("node_id", full.id())).status()).isEqualTo(200);
    }

    @Test
    void theSameKeyWithAnotherRequestIs422AndCreatesNothing() {
        TestHttp api = keyed(alice, key());
        TestHttp.Reply first = replicate(api, src.vmUuid(), Map.of());
        assertThat(first.status()).isEqualTo(200);
        awaitRunning(alice, first.json().get("vm_uuid").asString());
        World after = world();

        assertRefusedAndNothingChanged(replicate(api, src.vmUuid(), Map.of("node_id", b.id())), 422, "ERR-02-101", after);
        assertRefusedAndNothingChanged(replicate(api.with("X-Prepare-Only", "true"), src.vmUuid(), Map.of()), 422,
                "ERR-02-101", after);
    }

    @Test
    void keysArePerWorkspaceSoTheSameKeyInTwoWorkspacesCreatesTwoReplicas() {
        TestAccount bob = account("bob");
        Source bobs = source(bob, b);
        String key = key();

        TestHttp.Reply mine = replicate(keyed(alice, key), src.vmUuid(), Map.of());
        TestHttp.Reply his = replicate(keyed(bob, key), bobs.vmUuid(), Map.of());

        assertThat(mine.status()).as(mine.body()).isEqualTo(200);
        assertThat(his.status()).as(his.body()).isEqualTo(200);
        assertThat(mine.json().get("app_id").asString()).isEqualTo(src.appId());
        assertThat(his.json().get("app_id").asString()).isEqualTo(bobs.appId());
        assertThat(liveCvmsOfApp(src.appId())).isEqualTo(2);
        assertThat(liveCvmsOfApp(bobs.appId())).isEqualTo(2);
    }

    @Test
    void aKeyExpiresAfter24HoursAndThenCreatesAnotherReplica() {
        TestHttp api = keyed(alice, key());
        TestHttp.Reply first = replicate(api, src.vmUuid(), Map.of());
        awaitRunning(alice, first.json().get("vm_uuid").asString());

        clock.advance(Duration.ofHours(23).plusMinutes(59));
        assertThat(replicate(api, src.vmUuid(), Map.of()).body()).isEqualTo(first.body());
        clock.advance(Duration.ofMinutes(2));
        TestHttp.Reply later = replicate(api, src.vmUuid(), Map.of());

        assertThat(later.status()).as(later.body()).isEqualTo(200);
        assertThat(later.json().get("vm_uuid").asString()).isNotEqualTo(first.json().get("vm_uuid").asString());
        assertThat(later.json().get("name").asString()).isEqualTo(src.name() + "-replica-2");
        awaitRunning(alice, later.json().get("vm_uuid").asString());
        assertThat(liveCvmsOfApp(src.appId())).isEqualTo(3);
    }

    @Test
    void aRetryWhileTheFirstIsStillInsideItsTransactionIs409() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        idempotencyKeys.beforeRecord(() -> {
            if (first.getAndSet(false)) {
                inside.countDown();
                await(release);
            }
        });
        TestHttp api = keyed(alice, key());
        CompletableFuture<TestHttp.Reply> running = CompletableFuture.supplyAsync(
                () -> replicate(api, src.vmUuid(), Map.of()));
        assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();

        TestHttp.Reply retry = replicate(api, src.vmUuid(), Map.of());
        TestHttp.Reply other = replicate(api, src.vmUuid(), Map.of("node_id", b.id()));
        release.countDown();
        TestHttp.Reply done = running.get(30, TimeUnit.SECONDS);

        assertThat(retry.status()).as(retry.body()).isEqualTo(409);
        assertThat(retry.errorCode()).isEqualTo("ERR-02-102");
        assertThat(other.status()).as(other.body()).isEqualTo(422);
        assertThat(other.errorCode()).isEqualTo("ERR-02-101");
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(replicate(api, src.vmUuid(), Map.of()).body()).isEqualTo(done.body());
        assertThat(liveCvmsOfApp(src.appId())).isEqualTo(2);
    }

    @Test
    void aRunningRequestKeepsItsKeyPastTheShortClaimBecauseItsClaimIsRenewed() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        idempotencyKeys.beforeRecord(() -> {
            if (first.getAndSet(false)) {
                inside.countDown();
                await(release);
            }
        });
        TestHttp api = keyed(alice, key());
        CompletableFuture<TestHttp.Reply> running = CompletableFuture.supplyAsync(
                () -> replicate(api, src.vmUuid(), Map.of()));
        assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();

        clock.advance(IdempotencyKeys.CLAIM_LEASE.multipliedBy(3));
        idempotencyKeys.renewHeld();
        TestHttp.Reply retry = replicate(api, src.vmUuid(), Map.of());
        release.countDown();

        assertThat(retry.status()).as(retry.body()).isEqualTo(409);
        assertThat(running.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(liveCvmsOfApp(src.appId())).isEqualTo(2);
    }

    @Test
    void aKeyWhoseRequestDiedIsFreeAgainOnceItsShortClaimEnds() {
        AtomicBoolean first = new AtomicBoolean(true);
        idempotencyKeys.beforeRecord(() -> {
            if (first.getAndSet(false)) {
                // Stands for the server dying mid-request: nothing is released, the replica's transaction rolls back.
                throw new ServerDiedHere();
            }
        });
        TestHttp api = keyed(alice, key());
        TestHttp.Reply died = replicate(api, src.vmUuid(), Map.of());
        assertThat(died.status()).as(died.body()).isGreaterThanOrEqualTo(500);

        TestHttp.Reply tooSoon = replicate(api, src.vmUuid(), Map.of());
        clock.advance(IdempotencyKeys.CLAIM_LEASE.plusSeconds(1));
        TestHttp.Reply after = replicate(api, src.vmUuid(), Map.of());

        assertThat(tooSoon.status()).as(tooSoon.body()).isEqualTo(409);
        assertThat(after.status()).as(after.body()).isEqualTo(200);
        assertThat(replicate(api, src.vmUuid(), Map.of()).body()).isEqualTo(after.body());
        assertThat(liveCvmsOfApp(src.appId())).as("the source and the one replica").isEqualTo(2);
    }

    /** Not a RuntimeException: the request's own clean-up (which releases the key) does not run, as when it dies. */
    static final class ServerDiedHere extends Error {
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
