package io.opencvm.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.replica.SimFleet.SimNode;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import io.opencvm.vmm.VmInfo;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code PATCH /cvms/{id}/resources}, {@code GET …/available-os-images} and {@code PATCH …/os-image}. */
class MachineUpdateTest extends UpdateTestBase {

    private TestAccount alice;
    private SimNode a;

    @BeforeEach
    void setUp() {
        alice = account("mach");
        a = fleet.node("a", 4, 8192, 20);
    }

    @Test
    void aResizeWithAllowRestartReReservesTheDifferenceAndTheNodeRunsTheNewSize() {
        Source src = source(alice, a, name("big"), 1, 2048);
        String reservedBefore = fleet.reserved(a);

        TestHttp.Reply reply = api(alice).patch("/cvms/app_" + src.appId() + "/resources",
                Map.of("vcpu", 2, "memory", 4096, "disk_size", 40, "allow_restart", 1));

        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        assertThat(reservedBefore).isEqualTo("1/2048/20/1");
        assertThat(fleet.reserved(a)).isEqualTo("2/4096/40/1");
        awaitUpdated(alice, src.vmUuid());
        VmInfo onNode = vmOf(a, src.vmUuid());
        assertThat(onNode.configuration().vcpu()).isEqualTo(2);
        assertThat(onNode.configuration().memory()).isEqualTo(4096);
        assertThat(onNode.configuration().diskSize()).isEqualTo(40);
        assertThat(a.sim().decryptedEnv(onNode.id())).containsEntry("GREETING", "hi from " + src.name());
    }

    @Test
    void aResizeTheNodeHasNoRoomForOrThatWouldRestartWithoutLeaveIsRefusedAndNothingChanges() {
        Source src = source(alice, a, name("full"), 1, 2048);
        Row before = row(src.vmUuid());
        String reserved = fleet.reserved(a);
        String path = "/cvms/" + src.vmUuid() + "/resources";

        TestHttp.Reply noRoom = api(alice).patch(path, Map.of("vcpu", 8, "allow_restart", true));
        TestHttp.Reply noLeave = api(alice).patch(path, Map.of("vcpu", 2));
        TestHttp.Reply shrink = api(alice).patch(path, Map.of("disk_size", 10, "allow_restart", 1));
        TestHttp.Reply nothing = api(alice).patch(path, Map.of("allow_restart", 1));
        TestHttp.Reply badFlag = api(alice).patch(path, Map.of("vcpu", 2, "allow_restart", 2));

        assertThat(noRoom.status()).as(noRoom.body()).isEqualTo(400);
        assertThat(noRoom.errorCode()).isEqualTo("ERR-02-003");
        for (TestHttp.Reply refused : new TestHttp.Reply[] {noLeave, shrink, nothing}) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.errorCode()).isEqualTo("ERR-02-008");
        }
        assertThat(badFlag.status()).as(badFlag.body()).isEqualTo(422);
        assertThat(row(src.vmUuid())).isEqualTo(before);
        assertThat(fleet.reserved(a)).isEqualTo(reserved);
        assertThat(vmOf(a, src.vmUuid()).configuration().vcpu()).isEqualTo(1);
    }

    @Test
    void theNodesImagesAreListedAndAnImageTheNodeLacksIsRefused() {
        Source src = source(alice, a);
        Row before = row(src.vmUuid());

        TestHttp.Reply images = api(alice).get("/cvms/" + src.vmUuid() + "/available-os-images");
        TestHttp.Reply same = api(alice).patch("/cvms/" + src.vmUuid() + "/os-image", Map.of("os_image_name", "dstack-0.5.4"));
        TestHttp.Reply missing = api(alice).patch("/cvms/" + src.vmUuid() + "/os-image", Map.of("os_image_name", "dstack-9.9.9"));
        TestHttp.Reply empty = api(alice).patch("/cvms/" + src.vmUuid() + "/os-image", Map.of());

        assertThat(images.status()).as(images.body()).isEqualTo(200);
        assertThat(images.json().get(0).get("prod").get("name").asString()).isEqualTo("dstack-0.5.4");
        assertThat(images.json().get(0).get("prod").get("is_current").asBoolean()).isTrue();
        assertThat(images.json().get(0).get("version").get(1).asInt()).isEqualTo(5);
        assertThat(same.status()).as(same.body()).isEqualTo(400);
        assertThat(missing.status()).as(missing.body()).isEqualTo(400);
        assertThat(missing.errorCode()).isEqualTo("ERR-02-010");
        assertThat(empty.status()).as(empty.body()).isEqualTo(422);
        assertThat(row(src.vmUuid())).isEqualTo(before);
    }
}
