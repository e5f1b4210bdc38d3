package io.opencvm.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.replica.SimFleet.SimNode;
import io.opencvm.testsupport.Await;
import io.opencvm.testsupport.SettableClock;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code PATCH /cvms/{id}/name}, {@code /listed} and {@code /scheduled-delete}: one field each, nothing restarts. */
class CvmSettingsTest extends UpdateTestBase {

    @Autowired
    SettableClock settableClock;

    private TestAccount alice;
    private SimNode a;

    @BeforeEach
    void setUp() {
        alice = account("set");
        a = fleet.node("a", 16, 32768, 20);
    }

    @Test
    void aRenamedCvmIsFoundByItsNewNameAndItsOldNameIsFree() {
        Source src = source(alice, a);
        String renamed = name("renamed");
        int generation = row(src.vmUuid()).generation();

        TestHttp.Reply reply = api(alice).patch("/cvms/" + src.vmUuid() + "/name", Map.of("name", renamed));

        assertThat(reply.status()).as(reply.body()).isEqualTo(204);
        assertThat(api(alice).get("/cvms/" + renamed).json().get("vm_uuid").asString()).isEqualTo(src.vmUuid());
        assertThat(api(alice).get("/cvms/" + src.name()).status()).isEqualTo(404);
        assertThat(row(src.vmUuid()).generation()).as("nothing restarts").isEqualTo(generation);
        Source other = source(alice, a, src.name(), 1, 2048);
        assertThat(other.name()).isEqualTo(src.name());
    }

    @Test
    void aNameAnotherCvmHoldsIs409AndNothingChanges() {
        Source first = source(alice, a);
        Source second = source(alice, a);

        TestHttp.Reply reply = api(alice).patch("/cvms/" + second.vmUuid() + "/name", Map.of("name", first.name()));

        assertThat(reply.status()).as(reply.body()).isEqualTo(409);
        assertThat(reply.errorCode()).isEqualTo("ERR-01-004");
        assertThat(nameOf(second.vmUuid())).isEqualTo(second.name());
    }

    @Test
    void listedIsSetAndTheAnswerIsTheVm() {
        Source src = source(alice, a);

        TestHttp.Reply off = api(alice).patch("/cvms/" + src.vmUuid() + "/listed", Map.of("listed", false));
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        assertThat(off.json().get("vm_uuid").asString()).isEqualTo(src.vmUuid());
        assertThat(listed(src.vmUuid())).isFalse();

        TestHttp.Reply on = api(alice).patch("/cvms/" + src.vmUuid() + "/listed", Map.of("listed", true));
        assertThat(on.status()).as(on.body()).isEqualTo(200);
        assertThat(listed(src.vmUuid())).isTrue();
        assertThat(api(alice).get("/cvms/" + src.vmUuid()).json().get("listed").asBoolean()).isTrue();
    }

    @Test
    void aCvmIsDeletedWhenItsScheduledTimeComesAndNotBefore() {
        Source src = source(alice, a);
        Instant at = settableClock.instant().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);

        TestHttp.Reply reply = api(alice).patch("/cvms/" + src.vmUuid() + "/scheduled-delete",
                Map.of("scheduled_delete_at", at.toString()));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        TestHttp.Reply detail = api(alice).version("2025-10-28").get("/cvms/" + src.vmUuid());
        assertThat(Instant.parse(detail.json().get("scheduled_delete_at").asString())).isEqualTo(at);
        assertThat(desired(src.vmUuid())).isEqualTo("running");
        settableClock.advance(Duration.ofHours(2));
        Await.until(() -> desired(src.vmUuid()), "deleted"::equals);
        Await.until(() -> api(alice).get("/cvms/" + src.vmUuid()).status(), s -> s == 404);
    }

    @Test
    void aClearedScheduleDeletesNothing() {
        Source src = source(alice, a);
        String path = "/cvms/" + src.vmUuid() + "/scheduled-delete";
        api(alice).patch(path, Map.of("scheduled_delete_at", settableClock.instant().plusSeconds(3600).toString()));
        Map<String, Object> clear = new HashMap<>();
        clear.put("scheduled_delete_at", null);

        TestHttp.Reply reply = api(alice).patch(path, clear);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(unscheduled(src.vmUuid())).isTrue();
    }

    @Test
    void badInputIsRefusedAndNothingChanges() {
        Source src = source(alice, a);
        String path = "/cvms/" + src.vmUuid();
        Row before = row(src.vmUuid());
        boolean listedBefore = listed(src.vmUuid());

        assertRefused(api(alice).patch(path + "/name", Map.of("name", "1abc-x")), 422, null, src, before);
        assertRefused(api(alice).patch(path + "/name", Map.of("name", "ab")), 422, null, src, before);
        assertRefused(api(alice).patch(path + "/name", Map.of("name", "a--bcd")), 422, null, src, before);
        assertRefused(api(alice).patch(path + "/name", Map.of()), 422, null, src, before);
        assertRefused(api(alice).patch(path + "/listed", Map.of("listed", "perhaps")), 422, null, src, before);
        assertRefused(api(alice).patch(path + "/listed", Map.of()), 422, null, src, before);
        assertRefused(api(alice).patch(path + "/scheduled-delete", Map.of("scheduled_delete_at", "tomorrow")), 422, null,
                src, before);
        TestHttp.Reply past = api(alice).patch(path + "/scheduled-delete",
                Map.of("scheduled_delete_at", settableClock.instant().minusSeconds(60).toString()));
        assertRefused(past, 400, "ERR-02-008", src, before);
        assertThat(nameOf(src.vmUuid())).isEqualTo(src.name());
        assertThat(listed(src.vmUuid())).isEqualTo(listedBefore);
        assertThat(unscheduled(src.vmUuid())).isTrue();
    }

    @Test
    void anotherWorkspacesCvmIsNotFoundAndNothingChanges() {
        Source src = source(alice, a);
        TestAccount mallory = account("mal");
        String path = "/cvms/" + src.vmUuid();
        Row before = row(src.vmUuid());
        boolean listedBefore = listed(src.vmUuid());

        for (TestHttp.Reply reply : new TestHttp.Reply[] {
                api(mallory).patch(path + "/name", Map.of("name", name("stolen"))),
                api(mallory).patch(path + "/listed", Map.of("listed", false)),
                api(mallory).patch(path + "/scheduled-delete",
                        Map.of("scheduled_delete_at", settableClock.instant().plusSeconds(3600).toString()))}) {
            assertRefused(reply, 404, "ERR-03-001", src, before);
        }
        assertThat(nameOf(src.vmUuid())).isEqualTo(src.name());
        assertThat(listed(src.vmUuid())).isEqualTo(listedBefore);
        assertThat(unscheduled(src.vmUuid())).isTrue();
    }

    private String nameOf(String vmUuid) {
        return jdbc.sql("SELECT name FROM cvms WHERE vm_uuid = ?").param(vmUuid).query(String.class).single();
    }

    private boolean listed(String vmUuid) {
        return jdbc.sql("SELECT listed FROM cvms WHERE vm_uuid = ?").param(vmUuid).query(Boolean.class).single();
    }

    private boolean unscheduled(String vmUuid) {
        return jdbc.sql("SELECT COUNT(*) FROM cvms WHERE vm_uuid = ? AND scheduled_delete_at IS NULL").param(vmUuid)
                .query(Long.class).single() == 1;
    }

    private String desired(String vmUuid) {
        return jdbc.sql("SELECT desired_state FROM cvms WHERE vm_uuid = ?").param(vmUuid).query(String.class).single();
    }
}
