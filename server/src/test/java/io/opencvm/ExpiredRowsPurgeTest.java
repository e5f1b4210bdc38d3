package io.opencvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.cvm.TestCvms;
import io.opencvm.provision.ProvisionPurge;
import io.opencvm.replica.ReplicaPurge;
import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestNodes;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * The scheduled purge deletes expired Idempotency-Keys (never a claim still held), expired commit tokens and
 * provisions never committed within their 24 h, and nothing that is still current.
 */
@ServerTest
@TestPropertySource(properties = {"opencvm.operations.workers=0", "opencvm.reconcile.enabled=false",
        "opencvm.nodes.probe-interval=PT1H"})
class ExpiredRowsPurgeTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReplicaPurge replicaPurge;
    @Autowired
    ProvisionPurge provisionPurge;

    @Test
    void expiredKeysTokensAndAbandonedProvisionsArePurgedAndCurrentOnesKept() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        TestAccount ws = new TestAccounts(jdbc).workspaceWithKey("purge-" + suffix);
        long node = new TestNodes(jdbc).node("purge-node-" + suffix, "http://127.0.0.1:9", null, 8, 16384, 10,
                "dstack-0.5.4");
        long cvm = new TestCvms(jdbc).cvm(ws, String.format("%040x", System.nanoTime()), "purge-src-" + suffix, node,
                "running");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        key(ws, "expired", "completed", now.minusHours(1), now.minusHours(25));
        key(ws, "current", "completed", now.plusHours(23), now.minusHours(1));
        key(ws, "held", "in_progress", now.minusSeconds(1), now.plusSeconds(60));
        token(ws, cvm, node, "a", now.minusMinutes(1));
        token(ws, cvm, node, "b", now.plusDays(13));
        String expiredHash = new TestCvms(jdbc).provision(ws, String.format("%040x", System.nanoTime() + 1), "old-" + suffix,
                node, null, "dstack-0.5.4");
        jdbc.sql("UPDATE provisions SET expires_at = ? WHERE compose_hash = ? AND workspace_id = ?")
                .params(now.minusMinutes(1), expiredHash, ws.workspaceId()).update();
        new TestCvms(jdbc).provision(ws, String.format("%040x", System.nanoTime() + 2), "new-" + suffix, node, null,
                "dstack-0.5.4");

        // (the scheduled run may have come first: what is left is what counts)
        replicaPurge.purgeExpired();
        provisionPurge.purgeAbandoned();

        assertThat(jdbc.sql("SELECT idem_key FROM idempotency_keys WHERE workspace_id = ? ORDER BY idem_key")
                .param(ws.workspaceId()).query(String.class).list()).containsExactly("current", "held");
        assertThat(jdbc.sql("SELECT token_hash FROM commit_tokens WHERE workspace_id = ?")
                .param(ws.workspaceId()).query(String.class).list()).containsExactly("b".repeat(64));
        assertThat(jdbc.sql("SELECT name FROM provisions WHERE workspace_id = ?").param(ws.workspaceId())
                .query(String.class).list()).containsExactly("new-" + suffix);
    }

    private void key(TestAccount ws, String key, String state, OffsetDateTime expires, OffsetDateTime lockedUntil) {
        jdbc.sql("""
                        INSERT INTO idempotency_keys (workspace_id, idem_key, fingerprint, state, locked_until, created_at,
                                                      expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(ws.workspaceId(), key, "f".repeat(64), state, lockedUntil, expires.minusHours(24), expires)
                .update();
    }

    private void token(TestAccount ws, long cvm, long node, String fill, OffsetDateTime expires) {
        jdbc.sql("""
                        INSERT INTO commit_tokens (token_hash, workspace_id, cvm_id, node_id, compose_hash, created_at,
                                                   expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(fill.repeat(64), ws.workspaceId(), cvm, node, "c".repeat(64), expires.minusDays(14), expires)
                .update();
    }
}
