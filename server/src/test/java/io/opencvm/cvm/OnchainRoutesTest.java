package io.opencvm.cvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.SettableClock;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * What the chain says, read through the API: an app's device allowlist from its DstackApp contract on a real anvil, a
 * chain's KMS contracts with their nodes, one KMS inspected, and the app-id prediction that cannot be made here.
 */
@ServerTest
@Import(SettableClock.Config.class)
@TestPropertySource(properties = {"opencvm.operations.poll-interval=PT0.05S", "opencvm.reconcile.interval=PT0.1S",
        "opencvm.operations.retry.initial=PT0.1S", "opencvm.nodes.probe-interval=PT1H"})
class OnchainRoutesTest extends OnchainTestBase {

    private JsonNode contractOf(JsonNode chain) {
        return chain.get("contracts").valueStream().filter(c -> c.get("kms_id").asString().equals(fleet.chainKmsId))
                .findFirst().orElseThrow();
    }

    @Test
    void theDeviceAllowlistShowsTheDevicesTheAppsCvmsRunOnAsItsContractAllowsThem() throws Exception {
        Source source = runningSource("hello");
        long cvmId = jdbc.sql("SELECT id FROM cvms WHERE vm_uuid = ?").param(source.vmUuid()).query(Long.class).single();

        JsonNode allowlist = http(alice).get("/apps/" + source.app() + "/device-allowlist").json();
        anvil.transact(source.app(), "setAllowAnyDevice", new org.web3j.abi.datatypes.Bool(true));
        JsonNode anyDevice = http(alice).get("/apps/app_" + source.appId() + "/device-allowlist").json();

        assertThat(allowlist.get("is_onchain_kms").asBoolean()).isTrue();
        assertThat(allowlist.get("chain_id").asLong()).isEqualTo(anvil.chainId());
        assertThat(allowlist.get("app_contract_address").asString()).isEqualTo("0x" + source.appId());
        assertThat(allowlist.get("allow_any_device").asBoolean()).isFalse();
        assertThat(allowlist.get("error").isNull()).isTrue();
        JsonNode device = allowlist.get("devices").get(0);
        assertThat(allowlist.get("devices").size()).isEqualTo(1);
        assertThat(device.get("device_id").asString()).isEqualTo(fleet.deviceA());
        assertThat(device.get("cvm_ids").get(0).asLong()).isEqualTo(cvmId);
        assertThat(device.get("allowed_onchain").asBoolean()).isTrue();
        assertThat(device.get("status").asString()).isEqualTo("allowed");
        assertThat(anyDevice.get("allow_any_device").asBoolean()).isTrue();
    }

    @Test
    void aChainThatCannotBeReadLeavesTheAnswersUnknownWithTheReasonAndAnotherWorkspaceSeesNothing() throws Exception {
        Source source = runningSource("hello");
        TestAccount mallory = account("oc-m");
        jdbc.sql("UPDATE kms SET rpc_url = 'http://127.0.0.1:9' WHERE id = ?").param(fleet.chainKmsPk).update();

        TestHttp.Reply unreadable = http(alice).get("/apps/" + source.app() + "/device-allowlist");
        TestHttp.Reply foreign = http(mallory).get("/apps/" + source.app() + "/device-allowlist");
        TestHttp.Reply missing = http(mallory).get("/apps/0x" + "ab".repeat(20) + "/device-allowlist");
        TestHttp.Reply malformed = http(alice).get("/apps/not-an-app/device-allowlist");

        assertThat(unreadable.status()).isEqualTo(200);
        assertThat(unreadable.json().get("allow_any_device").isNull()).isTrue();
        assertThat(unreadable.json().get("error").asString()).contains("could not be read");
        assertThat(unreadable.json().get("devices").get(0).get("status").asString()).isEqualTo("unknown");
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.errorCode()).isEqualTo("ERR-03-012").isEqualTo(missing.errorCode());
        assertThat(malformed.status()).isEqualTo(404);
    }

    @Test
    void anAppUnderAKmsWithoutAChainSaysSo() {
        String appId = appId();
        new TestCvms(jdbc).cvm(alice, appId, name("plain"), fleet.nodeA, "running");

        JsonNode allowlist = http(alice).get("/apps/" + appId + "/device-allowlist").json();

        assertThat(allowlist.get("is_onchain_kms").asBoolean()).isFalse();
        assertThat(allowlist.get("devices").size()).isZero();
    }

    @Test
    void theChainsKmsContractsListTheirNodesDevicesAndImagesAndSayWhatCannotBeTold() {
        jdbc.sql("UPDATE nodes SET kms_id = ? WHERE id = ?").params(fleet.chainKmsPk, fleet.nodeB).update();

        TestHttp.Reply chain = http(alice).get("/kms/on-chain/ethereum");
        TestHttp.Reply unknown = http(alice).get("/kms/on-chain/solana");

        assertThat(chain.status()).isEqualTo(200);
        assertThat(chain.json().get("chain_name").asString()).isEqualTo("ethereum");
        JsonNode contract = contractOf(chain.json());
        assertThat(contract.get("contract_address").asString()).isEqualTo(OnchainFleet.ZERO_ADDRESS);
        assertThat(contract.get("chain_id").asLong()).isEqualTo(anvil.chainId());
        assertThat(contract.get("devices").get(0).get("device_id").asString()).isEqualTo(fleet.deviceB());
        assertThat(contract.get("devices").get(0).get("on_chain_allowed").isNull()).isTrue();
        assertThat(contract.get("os_images").get(0).get("name").asString()).isEqualTo(IMAGE);
        assertThat(contract.get("error").asString()).contains("No contract code");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.errorCode()).isEqualTo("ERR-02-008");
    }

    @Test
    void aKmsIsInspectedThroughItsOwnMetaAndOneThatDoesNotAnswerSaysWhy() {
        String dead = "kms-dead-" + SEQ.incrementAndGet();
        jdbc.sql("INSERT INTO kms (public_id, slug, url, version, is_default, created_at) VALUES (?, ?, ?, 'v0.5.4', FALSE, ?)")
                .params(dead, dead, "http://127.0.0.1:9", OffsetDateTime.now(ZoneOffset.UTC)).update();

        JsonNode chainKms = http(alice).get("/kms/" + fleet.chainKmsId + "/info").json();
        JsonNode devKms = http(alice).get("/kms/" + dead + "/info").json();
        TestHttp.Reply missing = http(alice).get("/kms/no-such-kms/info");

        assertThat(chainKms.get("kms_type").asString()).isEqualTo("ethereum");
        assertThat(chainKms.get("rpc").get("chain_id").asLong()).isEqualTo(anvil.chainId());
        assertThat(chainKms.get("rpc_error").isNull()).isTrue();
        assertThat(chainKms.get("on_chain").get("gateway_app_id").asString()).isEqualTo("any");
        assertThat(devKms.get("rpc").isNull()).isTrue();
        assertThat(devKms.get("rpc_error").asString()).contains("did not answer");
        assertThat(devKms.get("on_chain").isNull()).isTrue();
        assertThat(missing.status()).isEqualTo(404);
    }

    @Test
    void nextAppIdsCannotBePredictedAndSaysWhyAfterTheQueryIsChecked() {
        TestHttp.Reply none = http(alice).get("/kms/phala/next_app_id?counts=3");
        TestHttp.Reply tooMany = http(alice).get("/kms/phala/next_app_id?counts=21");
        TestHttp.Reply notANumber = http(alice).get("/kms/phala/next_app_id?counts=x");

        assertThat(none.status()).isEqualTo(500);
        assertThat(none.errorCode()).isEqualTo("ERR-08-005");
        assertThat(none.body()).contains("random id");
        assertThat(tooMany.status()).isEqualTo(422);
        assertThat(notANumber.status()).isEqualTo(422);
    }
}
