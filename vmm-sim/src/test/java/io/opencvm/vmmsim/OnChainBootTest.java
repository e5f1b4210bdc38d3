package io.opencvm.vmmsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.Anvil;
import io.opencvm.vmmsim.crypto.EnvCipher;
import io.opencvm.vmmsim.kms.KmsProfile;
import io.opencvm.vmmsim.kms.KmsSimulator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Bool;
import tools.jackson.databind.JsonNode;

/**
 * A node whose default KMS is the dev KMS, plus an on-chain KMS that reads a DstackApp on a real anvil chain;
 * VMs reach the on-chain KMS through their own {@code kms_urls}. Time is the harness's manual clock.
 */
class OnChainBootTest {

    private static final String DENIED = "Failed to request app keys: Failed to get app keys from KMS: "
            + "App not allowed: Boot denied: ";
    private static Anvil anvil;
    private SimHarness sim;
    private KmsSimulator onChainKms;

    @BeforeAll
    static void startChain() {
        anvil = Anvil.start();
    }

    @AfterAll
    static void stopChain() {
        anvil.close();
    }

    @BeforeEach
    void startNode() {
        sim = new SimHarness();
        // The harness's dev KMS seed: the two share root keys, as KMS replicas do, so env encrypted with the
        // key the node proxies (from its default KMS) decrypts with the key the on-chain KMS releases.
        onChainKms = KmsSimulator.start(KmsProfile.onChain(URI.create(anvil.rpcUrl()), Anvil.DEFAULT_CHAIN_ID)
                        .withSeed("harness"),
                sim.time.asClock());
    }

    @AfterEach
    void stopNode() {
        onChainKms.close();
        sim.close();
    }

    @Test
    void deniedDeviceLoopsRestartingUntilTheOwnerAddsItThenTheNextAutomaticRestartBoots() {
        String app = deployAppAllowingTheHarnessCompose();
        String id = sim.create("onchain", Map.of("app_id", app, "kms_urls", List.of(onChainUrl()),
                "encrypted_env", encryptedEnv(app)));
        sim.settle();

        JsonNode denied = sim.brief(id);
        assertThat(denied.get("boot_error").asString()).isEqualTo(DENIED + "Device not allowed");
        assertThat(denied.get("status").asString()).isEqualTo("exited");
        assertThat(denied.get("instance_id").isNull()).isTrue();

        sim.advance(Duration.ofSeconds(20));
        JsonNode retried = sim.brief(id);
        assertThat(retried.get("status").asString()).isEqualTo("exited");
        assertThat(bootErrors(retried)).isEqualTo(2);

        anvil.transact("0x" + app, "addDevice", Anvil.bytes32(sim.node.profile().deviceId()));
        assertThat(sim.brief(id).get("status").asString()).isEqualTo("exited");
        sim.advance(Duration.ofSeconds(20));

        JsonNode booted = sim.brief(id);
        assertThat(booted.get("status").asString()).isEqualTo("running");
        assertThat(booted.get("boot_progress").asString()).isEqualTo("done");
        assertThat(booted.get("boot_error").asString()).isEmpty();
        assertThat(booted.get("instance_id").asString()).matches("[0-9a-f]{40}");
        assertThat(bootErrors(booted)).isEqualTo(2);
        assertThat(sim.node.decryptedEnv(id)).containsEntry("API_KEY", "secret");
    }

    @Test
    void perVmKmsUrlsSendOnlyThatVmToTheOnChainKmsWhileOthersUseTheNodeDefaultDevKms() {
        String app = deployAppAllowingTheHarnessCompose();
        String onChain = sim.create("gated", Map.of("app_id", app, "kms_urls", List.of(onChainUrl())));
        String dev = sim.create("dev", Map.of("app_id", app));
        String otherCompose = sim.rpc.call("CreateVm", SimHarness.vm("other", SimHarness.COMPOSE.replace(
                "\"name\":\"hello\"", "\"name\":\"other\""), Map.of("app_id", app, "kms_urls", List.of(onChainUrl()))))
                .get("id").asString();
        sim.settle();

        assertThat(sim.brief(onChain).get("boot_error").asString()).isEqualTo(DENIED + "Device not allowed");
        assertThat(sim.brief(otherCompose).get("boot_error").asString()).isEqualTo(DENIED + "Compose hash not allowed");
        assertThat(sim.brief(dev).get("boot_progress").asString()).isEqualTo("done");
        assertThat(sim.brief(dev).get("status").asString()).isEqualTo("running");
        JsonNode meta = new RpcClient(onChainKms.baseUri()).call("GetMeta", "");
        assertThat(meta.get("chain_id").asLong()).isEqualTo(Anvil.DEFAULT_CHAIN_ID);
        assertThat(meta.get("is_dev").asBoolean()).isFalse();
        assertThat(new RpcClient(sim.kms.baseUri()).call("GetMeta", "").get("is_dev").asBoolean()).isTrue();
    }

    @Test
    void allowAnyDeviceOnChainLetsTheVmBootOnTheNextRestart() {
        String app = deployAppAllowingTheHarnessCompose();
        String id = sim.create("any", Map.of("app_id", app, "kms_urls", List.of(onChainUrl())));
        sim.settle();
        assertThat(sim.brief(id).get("boot_error").asString()).endsWith("Device not allowed");

        anvil.transact("0x" + app, "setAllowAnyDevice", new Bool(true));
        sim.advance(Duration.ofSeconds(20));

        assertThat(sim.brief(id).get("boot_progress").asString()).isEqualTo("done");
    }

    @Test
    void unreachableRpcDeniesTheBootAsBackendUnavailableAndTheLoopKeepsRunning() throws IOException {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        try (KmsSimulator down = KmsSimulator.start(KmsProfile.onChain(closed, Anvil.DEFAULT_CHAIN_ID),
                sim.time.asClock())) {
            String id = sim.create("down", Map.of("app_id", "00000000000000000000000000000000000000aa",
                    "kms_urls", List.of(down.baseUri().toString())));
            sim.settle();

            JsonNode vm = sim.brief(id);
            assertThat(vm.get("boot_error").asString()).isEqualTo(DENIED + "authorization backend unavailable");
            assertThat(vm.get("status").asString()).isEqualTo("exited");

            sim.advance(Duration.ofSeconds(20));
            assertThat(bootErrors(sim.brief(id))).isEqualTo(2);
            assertThat(new RpcClient(down.baseUri()).call("GetMeta", "").get("chain_id").asLong())
                    .isEqualTo(Anvil.DEFAULT_CHAIN_ID);
        }
    }

    /** A DstackApp that allows the harness compose on no device; returns the app id (40 hex, no 0x). */
    private String deployAppAllowingTheHarnessCompose() {
        String composeHash = sim.rpc.call("GetComposeHash", SimHarness.vm("x", SimHarness.COMPOSE, Map.of()))
                .get("hash").asString();
        return anvil.deployDstackApp(false, "", composeHash).substring(2);
    }

    /** What a control plane does: the app's env key through the node's proxy, then encrypt. */
    private String encryptedEnv(String app) {
        String publicKey = sim.rpc.call("GetAppEnvEncryptPubKey", Map.of("app_id", app)).get("public_key").asString();
        try {
            return HexFormat.of().formatHex(EnvCipher.encrypt(HexFormat.of().parseHex(publicKey),
                    "{\"env\":[{\"key\":\"API_KEY\",\"value\":\"secret\"}]}".getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String onChainUrl() {
        return onChainKms.baseUri().toString();
    }

    private static long bootErrors(JsonNode vm) {
        return vm.get("events").findValuesAsString("event").stream().filter("boot.error"::equals).count();
    }
}
