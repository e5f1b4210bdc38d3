package io.opencvm.cvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Recent operations across CVMs: a workspace sees its own (the dashboard's Operations page), an operator every
 * workspace's at {@code /admin/operations}; pages follow a cursor, and a request reads a bounded number of rows.
 */
@ServerTest
@TestPropertySource(properties = {"opencvm.operations.workers=0", "opencvm.reconcile.enabled=false",
        "opencvm.nodes.probe-interval=PT1H"})
class WorkspaceOperationsTest extends CvmTestBase {

    /** A new CVM of {@code account} on {@code node} (its create operation enqueued); its vm_uuid. */
    private String deployed(TestAccount account, long node, String prefix) {
        return commitNew(account, node, appId(), name(prefix)).json().get("vm_uuid").asString();
    }

    private static List<String> vmUuids(JsonNode page) {
        return page.get("items").valueStream().map(i -> i.get("vm_uuid").asString()).toList();
    }

    @Test
    void aWorkspaceSeesItsOwnOperationsNewestFirstAndNoOtherWorkspaces() {
        TestAccount alice = account("wops-a");
        TestAccount mallory = account("wops-m");
        long node = node(8, 16384, 10);
        String first = deployed(alice, node, "one");
        String theirs = deployed(mallory, node, "theirs");
        String second = deployed(alice, node, "two");

        JsonNode page = http(alice).get("/workspace/operations").json();
        assertThat(vmUuids(page)).containsExactly(second, first);
        JsonNode newest = page.get("items").get(0);
        assertThat(newest.get("operation_type").asString()).isEqualTo("create");
        assertThat(newest.get("status").asString()).isEqualTo("in_progress");
        assertThat(newest.get("attempts").asInt()).isZero();
        assertThat(newest.get("workspace").asString()).isEqualTo(alice.slug());
        assertThat(newest.get("cvm_status").asString()).isNotBlank();
        assertThat(newest.get("correlation_id").asString()).startsWith("op_");

        assertThat(vmUuids(http(mallory).get("/workspace/operations").json())).containsExactly(theirs);
    }

    @Test
    void pagesFollowTheCursorAndBadInputIs422AndChangesNothing() {
        TestAccount alice = account("wops-p");
        long node = node(8, 16384, 10);
        String first = deployed(alice, node, "one");
        String second = deployed(alice, node, "two");

        JsonNode one = http(alice).get("/workspace/operations?limit=1").json();
        assertThat(vmUuids(one)).containsExactly(second);
        JsonNode two = http(alice).get("/workspace/operations?limit=1&cursor=" + one.get("next_cursor").asString()).json();
        assertThat(vmUuids(two)).containsExactly(first);
        JsonNode rest = http(alice).get("/workspace/operations?limit=1&cursor=" + two.get("next_cursor").asString()).json();
        assertThat(rest.get("items").isEmpty()).isTrue();

        String before = snapshot();
        for (String bad : new String[] {"limit=0", "limit=201", "limit=x", "cursor=0", "cursor=abc"}) {
            TestHttp.Reply reply = http(alice).get("/workspace/operations?" + bad);
            assertThat(reply.status()).as(bad).isEqualTo(422);
            assertThat(reply.json().get("detail").isArray()).as(bad).isTrue();
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void operatorsSeeEveryWorkspacesOperationsAndMembersAreRefused() {
        TestAccount alice = account("wops-o1");
        TestAccount bob = account("wops-o2");
        long node = node(8, 16384, 10);
        String hers = deployed(alice, node, "hers");
        String his = deployed(bob, node, "his");
        TestAccount operator = new TestAccounts(jdbc).adminWorkspaceWithKey("wops-op-" + SEQ.incrementAndGet());

        JsonNode all = TestHttp.to(port).as(operator.apiKey()).get("/admin/operations?limit=200").json();
        assertThat(vmUuids(all)).contains(his, hers);
        assertThat(vmUuids(all).indexOf(his)).isLessThan(vmUuids(all).indexOf(hers));

        TestHttp.Reply refused = TestHttp.to(port).as(alice.apiKey()).get("/admin/operations");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorCode()).isEqualTo("ERR-00-002");
        assertThat(refused.body()).doesNotContain(his);
        assertThat(TestHttp.to(port).as(null).get("/admin/operations").status()).isEqualTo(401);
    }

    @Test
    void aQuietWorkspaceInABusyFleetGetsAShortPageWithACursorThatReachesItsOperations() {
        TestAccount quiet = account("wops-q");
        TestAccount busy = account("wops-b");
        long node = node(8, 16384, 10);
        String mine = deployed(quiet, node, "quiet");
        String theirs = deployed(busy, node, "busy");
        long busyCvm = jdbc.sql("SELECT id FROM cvms WHERE vm_uuid = ?").param(theirs).query(Long.class).single();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (int i = 0; i < RecentOperations.SCAN_LIMIT; i++) {
            jdbc.sql("""
                            INSERT INTO operations (public_id, cvm_id, kind, generation, state, attempts, next_run_at,
                                                    triggered_by, created_at, updated_at, finished_at)
                            VALUES (?, ?, 'restart', ?, 'succeeded', 1, ?, 'test', ?, ?, ?)""")
                    .params("op_busy" + SEQ.incrementAndGet(), busyCvm, 2 + i, now, now, now, now).update();
        }

        JsonNode first = http(quiet).get("/workspace/operations").json();
        assertThat(first.get("items").isEmpty()).isTrue();
        assertThat(first.get("next_cursor").isNull()).isFalse();
        JsonNode next = http(quiet).get("/workspace/operations?cursor=" + first.get("next_cursor").asString()).json();
        assertThat(vmUuids(next)).containsExactly(mine);
    }
}
