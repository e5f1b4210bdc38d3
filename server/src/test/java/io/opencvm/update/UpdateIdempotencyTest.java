package io.opencvm.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.replica.SimFleet.SimNode;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code Idempotency-Key} on the update routes: a repeat replays the first reply and applies nothing again. */
class UpdateIdempotencyTest extends UpdateTestBase {

    private static final String NEW_COMPOSE = "services:\n  app:\n    image: nginx:1.27\n";

    private TestAccount alice;
    private SimNode a;

    @BeforeEach
    void setUp() {
        alice = account("idem");
        a = fleet.node("a", 16, 32768, 20);
    }

    @Test
    void theSameKeyAndRequestReplaysTheReplyAndTheUpdateIsAppliedOnce() {
        Source src = source(alice, a);
        TestHttp keyed = api(alice).with("Idempotency-Key", "upd-" + src.vmUuid());

        TestHttp.Reply first = keyed.patch("/cvms/" + src.vmUuid(), Map.of("docker_compose_file", NEW_COMPOSE));
        TestHttp.Reply again = keyed.patch("/cvms/" + src.vmUuid(), Map.of("docker_compose_file", NEW_COMPOSE));

        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(updates(src)).isEqualTo(1);
        awaitUpdated(alice, src.vmUuid());
        assertThat(keyed.patch("/cvms/" + src.vmUuid(), Map.of("docker_compose_file", NEW_COMPOSE)).json())
                .as("still the first reply once the update is done").isEqualTo(first.json());
        assertThat(updates(src)).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherRequestIs422AndChangesNothing() {
        Source src = source(alice, a);
        TestHttp keyed = api(alice).with("Idempotency-Key", "other-" + src.vmUuid());
        keyed.with("Content-Type", "text/yaml").patch("/cvms/" + src.vmUuid() + "/docker-compose", NEW_COMPOSE);
        awaitUpdated(alice, src.vmUuid());
        Row before = row(src.vmUuid());

        TestHttp.Reply other = keyed.with("Content-Type", "text/yaml").patch("/cvms/" + src.vmUuid() + "/docker-compose",
                "services: {}\n");

        assertRefused(other, 422, "ERR-02-101", src, before);
        assertThat(other.body()).doesNotContain("services");
    }

    @Test
    void aRefusalIsReplayedAsItWasGiven() {
        Source src = source(alice, a);
        TestHttp keyed = api(alice).with("Idempotency-Key", "refused-" + src.vmUuid());
        Row before = row(src.vmUuid());

        TestHttp.Reply first = keyed.patch("/cvms/" + src.vmUuid(), Map.of());
        TestHttp.Reply again = keyed.patch("/cvms/" + src.vmUuid(), Map.of());

        assertRefused(first, 400, "ERR-02-008", src, before);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).isEqualTo(first.body());
        assertRefused(api(alice).with("Idempotency-Key", "bad key").patch("/cvms/" + src.vmUuid(),
                Map.of("docker_compose_file", NEW_COMPOSE)), 422, null, src, before);
    }

    @Test
    void aKeyedRedeployAndResizeRunOnce() {
        Source src = source(alice, a);
        TestHttp keyed = api(alice).with("Idempotency-Key", "redeploy-" + src.vmUuid());
        String path = "/cvms/" + src.vmUuid() + "/revisions/" + src.composeHash() + "/redeploy";

        TestHttp.Reply first = keyed.post(path, null);
        TestHttp.Reply again = keyed.post(path, null);

        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(updates(src)).isEqualTo(1);
        awaitUpdated(alice, src.vmUuid());
        TestHttp resize = api(alice).with("Idempotency-Key", "resize-" + src.vmUuid());
        Map<String, Object> body = Map.of("vcpu", 2, "allow_restart", true);
        assertThat(resize.patch("/cvms/" + src.vmUuid() + "/resources", body).status()).isEqualTo(202);
        assertThat(resize.patch("/cvms/" + src.vmUuid() + "/resources", body).status()).isEqualTo(202);
        assertThat(updates(src)).isEqualTo(2);
        awaitUpdated(alice, src.vmUuid());
    }

    private long updates(Source src) {
        return jdbc.sql("SELECT COUNT(*) FROM operations o JOIN cvms c ON c.id = o.cvm_id WHERE c.vm_uuid = ?"
                + " AND o.kind = 'update'").param(src.vmUuid()).query(Long.class).single();
    }
}
