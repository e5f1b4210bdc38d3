package io.opencvm.cvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.SettableClock;
import io.opencvm.testsupport.TestHttp;
import io.opencvm.vmm.VmInfo;
import io.opencvm.vmm.VmmClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** Apps under an on-chain KMS: provision without an app id, commit under the app contract, boot at the chain's word. */
@ServerTest
@Import(SettableClock.Config.class)
@TestPropertySource(properties = {"opencvm.operations.poll-interval=PT0.05S", "opencvm.reconcile.interval=PT0.1S",
        "opencvm.operations.retry.initial=PT0.1S", "opencvm.nodes.probe-interval=PT1H"})
class OnchainAppTest extends OnchainTestBase {

    @Autowired
    CvmService cvms;
    @Autowired
    TransactionTemplate tx;

    @Test
    void provisionUnderAnOnChainKmsAnswersLikePhalaWithoutAnAppIdOrEnvKey() {
        JsonNode provision = provision(name("noapp"), Map.of("kms_id", fleet.chainKmsId));

        assertThat(provision.has("app_id")).as(provision.toString()).isFalse();
        assertThat(provision.has("app_env_encrypt_pubkey")).isFalse();
        assertThat(provision.get("compose_hash").asString()).matches("[0-9a-f]{64}");
        assertThat(provision.get("device_id").asString()).isEqualTo(fleet.deviceA());
        assertThat(provision.get("kms_id").asString()).isEqualTo(fleet.chainKmsId);
        JsonNode kms = provision.get("kms_info");
        assertThat(kms.get("chain_id").asLong()).isEqualTo(31337);
        assertThat(kms.get("kms_contract_address").asString()).isEqualTo(OnchainFleet.ZERO_ADDRESS);
        assertThat(kms.get("url").asString()).isEqualTo(fleet.chainKms.baseUri().toString());
    }

    @Test
    void provisionByKmsTypeEthereumPicksTheOnChainKmsAndKeepsAGivenAppId() {
        jdbc.sql("UPDATE kms SET slug = NULL WHERE slug = 'ethereum'").update();
        jdbc.sql("UPDATE kms SET slug = 'ethereum' WHERE id = ?").param(fleet.chainKmsPk).update();
        try {
            String app = fleet.deployApp(null, null);
            JsonNode provision = provision(name("bytype"), Map.of("kms", "ETHEREUM", "app_id", app));

            assertThat(provision.get("kms_id").asString()).isEqualTo(fleet.chainKmsId);
            assertThat(provision.get("app_id").asString()).isEqualTo(app.substring(2).toLowerCase());
            assertThat(provision.get("app_env_encrypt_pubkey").asString()).matches("[0-9a-f]{64}");
        } finally {
            jdbc.sql("UPDATE kms SET slug = ? WHERE id = ?").params(fleet.chainKmsId, fleet.chainKmsPk).update();
        }
    }

    @Test
    void committedOnChainAppRunsWithItsContractAsAppIdAndItsVmAsksTheOnChainKms() throws Exception {
        Source source = runningSource("hello chain");

        assertThat(source.commit().get("app_id").asString()).isEqualTo(source.appId());
        JsonNode cvm = http(alice).get("/cvms/" + source.vmUuid()).json();
        assertThat(cvm.get("kms_type").asString()).isEqualTo("ethereum");
        assertThat(cvm.get("kms_info").get("chain_id").asLong()).isEqualTo(31337);
        assertThat(cvm.get("kms_info").get("dstack_app_address").asString()).isEqualTo("0x" + source.appId());
        List<VmInfo> vms = vmsOn(fleet.simA, source.vmUuid());
        assertThat(vms).hasSize(1);
        assertThat(vms.get(0).appId()).isEqualTo(source.appId());
        VmInfo info = new VmmClients(Duration.ofSeconds(5)).forNode(fleet.simA.baseUri().toString(), null)
                .getInfo(vms.get(0).id()).info();
        assertThat(info.configuration().kmsUrls()).containsExactly(fleet.chainKms.baseUri().toString());
        assertThat(fleet.simA.decryptedEnv(vms.get(0).id())).containsEntry("GREETING", "hello chain");
    }

    @Test
    void commitUnderAContractThatDoesNotAllowTheDeviceIs465AndCreatesNothingUntilTheOwnerAddsIt() throws Exception {
        JsonNode provision = provision(name("nodevice"), Map.of("kms_id", fleet.chainKmsId));
        String hash = provision.get("compose_hash").asString();
        String app = fleet.deployApp(null, hash);
        Map<String, Object> body = Map.of("app_id", app, "compose_hash", hash, "kms_id", fleet.chainKmsId,
                "contract_address", app, "encrypted_env", encryptedEnv(fleet.chainKmsId, app, "x"));
        String before = snapshot();

        TestHttp.Reply refused = http(alice).post("/cvms", body);

        assertThat(refused.status()).as(refused.body()).isEqualTo(465);
        assertThat(errorCode(refused)).isEqualTo("ERR-01-005");
        Map<String, JsonNode> details = details(refused);
        assertThat(details.get("compose_hash").asString()).isEqualTo(hash);
        assertThat(details.get("app_id").asString()).isEqualTo(app.substring(2).toLowerCase());
        assertThat(details.get("device_id").asString()).isEqualTo(fleet.deviceA());
        assertThat(details.get("kms_info").get("chain_id").asLong()).isEqualTo(31337);
        assertThat(details.get("onchain_status").toString())
                .isEqualTo("{\"compose_hash_allowed\":true,\"device_id_allowed\":false,\"is_allowed\":false}");
        assertThat(snapshot()).isEqualTo(before);

        fleet.addDevice(app, fleet.deviceA());
        TestHttp.Reply committed = http(alice).post("/cvms", body);

        assertThat(committed.status()).as(committed.body()).isEqualTo(200);
        awaitStatus(committed.json().get("vm_uuid").asString(), "running");
    }

    @Test
    void commitNamingAnotherKmsOrAContractOtherThanTheAppIsRefusedAndCreatesNothing() {
        JsonNode provision = provision(name("mismatch"), Map.of("kms_id", fleet.chainKmsId));
        String hash = provision.get("compose_hash").asString();
        String app = fleet.deployApp(fleet.deviceA(), hash);
        String before = snapshot();

        TestHttp.Reply otherKms = http(alice).post("/cvms", Map.of("app_id", app, "compose_hash", hash, "kms_id", "nope"));
        TestHttp.Reply otherContract = http(alice).post("/cvms", Map.of("app_id", app, "compose_hash", hash,
                "contract_address", OnchainFleet.ZERO_ADDRESS));

        assertThat(otherKms.status()).as(otherKms.body()).isEqualTo(400);
        assertThat(otherContract.status()).as(otherContract.body()).isEqualTo(400);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aReplicaThatBypassedTheGateIsDeniedAtBootByTheOnChainKms() throws Exception {
        Source source = runningSource("bypass");
        Cvm original = cvms.liveByAppAndHash(jdbc.sql("SELECT app_pk FROM cvms WHERE vm_uuid = ?")
                .param(source.vmUuid()).query(Long.class).single(), source.composeHash()).orElseThrow();

        Cvm bypass = tx.execute(s -> cvms.create(new NewCvmSpec(original.workspaceId(), name("bypass"),
                new CvmOrigin(original.origin().appPk(), original.appId(), original.origin().creatorUserId(), original.id()),
                original.spec(), fleet.nodeB, null), "test bypassing the gate"));

        JsonNode failed = awaitStatus(bypass.vmUuid(), "failed");
        JsonNode state = state(bypass.vmUuid());
        assertThat(state.get("boot_error").asString()).as(failed.toString()).contains("Boot denied: Device not allowed");
        assertThat(vmsOn(fleet.simB, bypass.vmUuid())).singleElement()
                .satisfies(vm -> assertThat(vm.instanceId()).isNullOrEmpty());
    }
}
