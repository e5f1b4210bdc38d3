package io.opencvm.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** A claim of an Idempotency-Key that was taken over can neither record a reply nor release the key. */
@ServerTest
@TestPropertySource(properties = {"opencvm.nodes.probe-interval=PT1H", "opencvm.reconcile.enabled=false"})
class IdempotencyClaimTokenTest {

    @Autowired
    IdempotencyStore store;
    @Autowired
    JdbcClient jdbc;

    @Test
    void onlyTheClaimThatHoldsTheKeyNowRecordsOrReleasesIt() {
        long workspace = new TestAccounts(jdbc).workspaceWithKey("token-" + System.nanoTime()).workspaceId();
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        String fingerprint = "f".repeat(64);
        store.insert(workspace, "k", fingerprint, "frozen-holder", now, now.plusSeconds(10), now.plusSeconds(86_400));
        store.restart(workspace, "k", fingerprint, "retry", now.plusSeconds(11), now.plusSeconds(21),
                now.plusSeconds(86_411));

        assertThat(store.renew(workspace, "k", "frozen-holder", now.plusSeconds(30))).isZero();
        store.forget(workspace, "k", "frozen-holder");
        assertThat(store.complete(workspace, "k", "frozen-holder", 200, "{\"late\":true}")).isFalse();
        assertThat(store.complete(workspace, "k", "retry", 200, "{\"id\":1}")).isTrue();

        assertThat(store.lock(workspace, "k").orElseThrow().body()).isEqualTo("{\"id\":1}");
    }
}
