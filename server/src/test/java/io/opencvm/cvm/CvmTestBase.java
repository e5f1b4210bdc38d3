package io.opencvm.cvm;

import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import io.opencvm.testsupport.TestNodes;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Shared set-up of the CVM API tests that need no node: workers and reconciler are off (the test
 * classes say so), nodes point at a closed port, and every row a test makes has unique names.
 */
abstract class CvmTestBase {

    static final AtomicLong SEQ = new AtomicLong(System.nanoTime() % 1_000_000);
    static final String IMAGE = "dstack-0.5.4";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    TestAccount account(String prefix) {
        return new TestAccounts(jdbc).workspaceWithKey(prefix + "-" + SEQ.incrementAndGet());
    }

    long node(int vcpu, int memoryMb, int slots) {
        return new TestNodes(jdbc).node("node-" + SEQ.incrementAndGet(), "http://127.0.0.1:9", null, vcpu, memoryMb, slots,
                IMAGE);
    }

    TestHttp http(TestAccount account) {
        return TestHttp.to(port).api().as(account.apiKey()).version("2026-01-21");
    }

    static String appId() {
        return String.format("%040x", SEQ.incrementAndGet() * 7919);
    }

    static String name(String prefix) {
        return prefix + "-" + SEQ.incrementAndGet();
    }

    /** Provisions (fixture) and commits a CVM through the API; returns the VM record. */
    TestHttp.Reply commitNew(TestAccount account, long nodeId, String appId, String name) {
        String hash = new TestCvms(jdbc).provision(account, appId, name, nodeId, null, IMAGE);
        return http(account).post("/cvms", Map.of("app_id", appId, "compose_hash", hash));
    }

    long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }

    /** Row counts of every table a create touches, plus the node reservations: "nothing changed" compares these. */
    String snapshot() {
        return count("apps") + "/" + count("app_revisions") + "/" + count("cvms") + "/" + count("operations") + "/"
                + count("provisions") + "/" + jdbc.sql("SELECT COALESCE(SUM(vcpu_reserved + memory_mb_reserved + "
                + "disk_gb_reserved + slots_reserved), 0) FROM nodes").query(Long.class).single();
    }
}
