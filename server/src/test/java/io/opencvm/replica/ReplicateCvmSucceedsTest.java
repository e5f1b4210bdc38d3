package io.opencvm.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.app.AppCompose;
import io.opencvm.replica.SimFleet.SimNode;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import io.opencvm.vmm.VmInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The 200 row: what a replica is, where it goes for each body form, what the node boots, and that it runs. */
class ReplicateCvmSucceedsTest extends ReplicaTestBase {

    private static final Set<String> VM_SCHEMA = Set.of("id", "name", "status", "teepod_id", "app_id", "vm_uuid",
            "instance_id", "vcpu", "memory", "disk_size", "created_at", "encrypted_env_pubkey");

    private TestAccount alice;
    private SimNode a;
    private SimNode b;

    @BeforeEach
    void setUp() {
        alice = account("ok");
        a = fleet.node("a", 16, 32768, 20);
        b = fleet.node("b", 16, 32768, 20);
    }

    @Test
    void replicaIsTheFullVmRecordWithTheSourcesAppAndResourcesAndANewUuid() {
        Source src = source(alice, a, name("web"), 2, 4096);

        TestHttp.Reply reply = replicate(api(alice), src.vmUuid(), Map.of());

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode vm = reply.json();
        assertThat(new TreeSet<>(vm.propertyNames())).containsAll(VM_SCHEMA).contains("teepod");
        VM_SCHEMA.stream().filter(k -> !k.equals("instance_id"))
                .forEach(k -> assertThat(vm.get(k).isNull()).as(k).isFalse());
        assertThat(vm.get("instance_id").isNull()).as("instance_id is empty until the guest reports it").isTrue();
        assertThat(vm.get("app_id").asString()).isEqualTo(src.appId());
        assertThat(vm.get("vm_uuid").asString()).isNotEqualTo(src.vmUuid()).matches("[0-9a-f-]{36}");
        assertThat(vm.get("name").asString()).isEqualTo(src.name() + "-replica-1");
        assertThat(vm.get("teepod_id").asLong()).isEqualTo(a.id());
        assertThat(vm.at("/teepod/id").asLong()).isEqualTo(a.id());
        assertThat(vm.at("/teepod/name").asString()).isEqualTo(a.name());
        assertThat(vm.get("vcpu").asInt()).isEqualTo(2);
        assertThat(vm.get("memory").asInt()).isEqualTo(4096);
        assertThat(vm.get("disk_size").asInt()).isEqualTo(src.vm().get("disk_size").asInt());
        assertThat(vm.get("encrypted_env_pubkey").asString()).isEqualTo(src.envPubkey());
        assertThat(vm.get("status").asString()).isIn("provisioning", "starting", "running");
        assertThat(vm.at("/placement/node_id").asLong()).isEqualTo(a.id());
        assertThat(vm.at("/placement/moved_from_source_node").asBoolean()).isFalse();
        assertThat(jdbc.sql("SELECT source_cvm_id FROM cvms WHERE vm_uuid = ?").param(vm.get("vm_uuid").asString())
                .query(Long.class).single()).isEqualTo(src.vm().get("id").asLong());
    }

    @Test
    void anAbsentBodyNullAndAnEmptyObjectAllReplicateToTheSourceNode() {
        Source src = source(alice, a);
        TestHttp api = api(alice);

        List<TestHttp.Reply> replies = List.of(replicate(api, src.vmUuid(), TestHttp.NO_BODY),
                replicate(api, src.vmUuid(), "null"), replicate(api, src.vmUuid(), "{}"),
                replicate(api, src.vmUuid().replace("-", ""), "  "));

        for (TestHttp.Reply reply : replies) {
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().get("teepod_id").asLong()).isEqualTo(a.id());
            assertThat(reply.json().get("app_id").asString()).isEqualTo(src.appId());
        }
        assertThat(replies.stream().map(r -> r.json().get("name").asString()))
                .containsExactly(src.name() + "-replica-1", src.name() + "-replica-2", src.name() + "-replica-3",
                        src.name() + "-replica-4");
        assertThat(liveCvmsOfApp(src.appId())).isEqualTo(5);
    }

    @Test
    void nodeIdAndTheDeprecatedTeepodIdBothNameTheTargetNode() {
        Source src = source(alice, a);

        TestHttp.Reply byNodeId = replicate(api(alice), src.vmUuid(), Map.of("node_id", b.id()));
        TestHttp.Reply byTeepodId = replicate(api(alice), src.vmUuid(), Map.of("teepod_id", b.id()));
        TestHttp.Reply both = replicate(api(alice), src.vmUuid(), Map.of("teepod_id", b.id(), "node_id", b.id()));

        for (TestHttp.Reply reply : List.of(byNodeId, byTeepodId, both)) {
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().get("teepod_id").asLong()).isEqualTo(b.id());
            assertThat(reply.json().at("/teepod/name").asString()).isEqualTo(b.name());
            assertThat(reply.json().at("/placement/reason").asString()).isEqualTo("requested");
        }
        assertThat(fleet.reserved(b)).isEqualTo("3/6144/60/3");
    }

    @Test
    void withoutEncryptedEnvTheReplicaBootsWithTheSourcesEnvByteForByteAndTheSameAppAndCompose() {
        Source src = source(alice, a);

        JsonNode replica = replicate(api(alice), src.vmUuid(), Map.of("node_id", b.id())).json();
        awaitRunning(alice, replica.get("vm_uuid").asString());

        VmInfo onNode = vmOf(b, replica.get("vm_uuid").asString());
        VmInfo sourceOnNode = vmOf(a, src.vmUuid());
        assertThat(onNode.configuration().encryptedEnv()).isEqualToIgnoringCase(src.encryptedEnv())
                .isEqualToIgnoringCase(sourceOnNode.configuration().encryptedEnv());
        assertThat(b.sim().decryptedEnv(onNode.id())).containsEntry("GREETING", "hi from " + src.name());
        assertThat(onNode.appId()).isEqualTo(src.appId()).isEqualTo(sourceOnNode.appId());
        assertThat(AppCompose.sha256Hex(onNode.configuration().composeFile())).isEqualTo(src.composeHash());
    }

    @Test
    void aGivenEncryptedEnvIsWhatTheReplicaBootsWith() {
        Source src = source(alice, a);
        String env = encrypt(src.envPubkey(), "replica env");

        TestHttp.Reply reply = replicate(api(alice), src.vmUuid(), Map.of("node_id", b.id(), "encrypted_env", env));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        awaitRunning(alice, reply.json().get("vm_uuid").asString());

        VmInfo onNode = vmOf(b, reply.json().get("vm_uuid").asString());
        assertThat(onNode.configuration().encryptedEnv()).isEqualToIgnoringCase(env);
        assertThat(b.sim().decryptedEnv(onNode.id())).containsEntry("GREETING", "replica env");
        assertThat(vmOf(a, src.vmUuid()).configuration().encryptedEnv()).isEqualToIgnoringCase(src.encryptedEnv());
    }

    @Test
    void theReplicaRunsWithItsOwnInstanceIdAndTheAppListsSourceAndReplicas() {
        Source src = source(alice, a);
        String first = replicate(api(alice), src.vmUuid(), Map.of()).json().get("vm_uuid").asString();
        String second = replicate(api(alice), src.vmUuid(), Map.of("node_id", b.id())).json().get("vm_uuid").asString();

        JsonNode source = awaitRunning(alice, src.vmUuid());
        JsonNode one = awaitRunning(alice, first);
        JsonNode two = awaitRunning(alice, second);

        assertThat(one.get("instance_id").asString()).matches("[0-9a-f]{40}")
                .isNotEqualTo(source.get("instance_id").asString()).isEqualTo(vmOf(a, first).instanceId());
        assertThat(two.get("instance_id").asString()).matches("[0-9a-f]{40}")
                .isNotEqualTo(source.get("instance_id").asString()).isNotEqualTo(one.get("instance_id").asString())
                .isEqualTo(vmOf(b, second).instanceId());
        TestHttp.Reply listing = api(alice).get("/apps/" + src.appId() + "/cvms");
        assertThat(listing.status()).as(listing.body()).isEqualTo(200);
        assertThat(StreamSupport.stream(listing.json().spliterator(), false).map(c -> c.get("vm_uuid").asString()))
                .containsExactlyInAnyOrder(src.vmUuid(), first, second);
    }

    private static VmInfo vmOf(SimNode node, String vmUuid) {
        List<VmInfo> vms = node.vms().stream().filter(v -> v.name().endsWith("@" + vmUuid)).toList();
        assertThat(vms).as("VMs of " + vmUuid + " on " + node.name()).hasSize(1);
        return node.vmm().getInfo(vms.get(0).id()).info();
    }
}
