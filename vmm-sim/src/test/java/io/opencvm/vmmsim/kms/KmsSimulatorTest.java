package io.opencvm.vmmsim.kms;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.vmmsim.RpcClient;
import io.opencvm.vmmsim.crypto.EnvCipher;
import io.opencvm.vmmsim.crypto.RecoverableSigner;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class KmsSimulatorTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String APP = "21d83c2b423ee05367ed8eba02c650ada2cb19b4";
    private KmsSimulator kms;
    private RpcClient client;

    @BeforeEach
    void start() {
        kms = KmsSimulator.start(KmsProfile.defaults().withSeed("unit-test"),
                Clock.fixed(Instant.ofEpochSecond(1_786_096_800L), ZoneOffset.UTC));
        client = new RpcClient(kms.baseUri());
    }

    @AfterEach
    void stop() {
        kms.close();
    }

    @Test
    void envPublicKeyIsSignedByTheRootKeyInBothSignatureSchemes() {
        JsonNode meta = client.call("GetMeta", "");
        JsonNode key = client.call("KMS.GetAppEnvEncryptPubKey", Map.of("app_id", "0x" + APP.toUpperCase()));

        byte[] appId = HEX.parseHex(APP);
        byte[] publicKey = HEX.parseHex(key.get("public_key").asString());
        byte[] domain = "dstack-env-encrypt-pubkey:".getBytes(StandardCharsets.US_ASCII);
        byte[] legacy = concat(domain, appId, publicKey);
        byte[] v1 = concat(domain, appId, ByteBuffer.allocate(8).putLong(1_786_096_800L).array(), publicKey);
        String signer = meta.get("k256_pubkey").asString();

        assertThat(key.get("timestamp").isNumber()).isTrue();
        assertThat(key.get("timestamp").asLong()).isEqualTo(1_786_096_800L);
        assertThat(HEX.formatHex(RecoverableSigner.recover(legacy, HEX.parseHex(key.get("signature").asString()))))
                .isEqualTo(signer);
        assertThat(HEX.formatHex(RecoverableSigner.recover(v1, HEX.parseHex(key.get("signature_v1").asString()))))
                .isEqualTo(signer);
        assertThat(publicKey).isEqualTo(EnvCipher.publicKey(kms.rootKeys().envSecret(appId)));
        assertThat(meta.get("is_dev").asBoolean()).isTrue();
        assertThat(meta.get("chain_id").isNull()).isTrue();
    }

    @Test
    void appIdOfWrongLengthIsRejectedWithPrettyError() {
        HttpResponse<String> response = client.post("/prpc/GetAppEnvEncryptPubKey?json", "{\"app_id\":\"abcd\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\n  \"error\": \"app_id must be 20 bytes\"\n}");
    }

    @Test
    void sameSeedGivesSameKeysAndDifferentSeedDifferentKeys() {
        byte[] appId = HEX.parseHex(APP);
        assertThat(KmsRootKeys.fromSeed("unit-test").envPublicKey(appId)).isEqualTo(kms.rootKeys().envPublicKey(appId));
        assertThat(KmsRootKeys.fromSeed("other").envPublicKey(appId)).isNotEqualTo(kms.rootKeys().envPublicKey(appId));
    }

    @Test
    void appKeyIsReleasedUnderDevPolicyWithTheEnvSecret() {
        JsonNode keys = client.call("GetAppKey", bootInfo("aa".repeat(32)));

        assertThat(keys.get("env_crypt_key").asString())
                .isEqualTo(HEX.formatHex(kms.rootKeys().envSecret(HEX.parseHex(APP))));
        assertThat(keys.get("disk_crypt_key").asString()).hasSize(64);
    }

    @Test
    void allowlistDeniesUnknownAppAndAllowsAnyDeviceWhenDeviceListIsEmpty() {
        AllowlistPolicy policy = new AllowlistPolicy().allowOsImage("ee".repeat(32));
        kms.setPolicy(policy);
        assertThat(client.callFails("GetAppKey", bootInfo("aa".repeat(32))))
                .isEqualTo("App not allowed: Boot denied: app not registered");

        policy.allowComposeHash(APP, "0x" + "cc".repeat(32));
        assertThat(client.call("GetAppKey", bootInfo("aa".repeat(32))).get("env_crypt_key").asString()).hasSize(64);

        policy.allowDevice(APP, "bb".repeat(32));
        assertThat(client.callFails("GetAppKey", bootInfo("aa".repeat(32))))
                .isEqualTo("App not allowed: Boot denied: app is not allowed to boot on this device");
        assertThat(client.call("GetAppKey", bootInfo("bb".repeat(32))).get("env_crypt_key").asString()).hasSize(64);
    }

    @Test
    void onChainPolicyDeniesEveryDeviceWhenNoneIsListedAndUsesContractReasons() {
        InMemoryContract contract = new InMemoryContract();
        kms.setPolicy(new OnChainPolicy(contract));
        assertThat(client.callFails("GetAppKey", bootInfo("aa".repeat(32))))
                .isEqualTo("App not allowed: Boot denied: Compose hash not allowed");

        contract.composeHashes.add(APP + ":" + "cc".repeat(32));
        assertThat(client.callFails("GetAppKey", bootInfo("aa".repeat(32))))
                .isEqualTo("App not allowed: Boot denied: Device not allowed");

        contract.requireTcb = true;
        assertThat(client.callFails("GetAppKey", Map.of("app_id", APP, "compose_hash", "cc".repeat(32),
                "device_id", "aa".repeat(32), "tcb_status", "OutOfDate")))
                .isEqualTo("App not allowed: Boot denied: TCB status is not up to date");

        contract.requireTcb = false;
        contract.devices.add(APP + ":" + "aa".repeat(32));
        assertThat(client.call("GetAppKey", bootInfo("aa".repeat(32))).get("env_crypt_key").asString()).hasSize(64);
        contract.registered = false;
        assertThat(client.callFails("GetAppKey", bootInfo("aa".repeat(32))))
                .isEqualTo("App not allowed: Boot denied: App not registered");
    }

    private static Map<String, String> bootInfo(String deviceId) {
        return Map.of("app_id", APP, "compose_hash", "cc".repeat(32), "instance_id", "dd".repeat(20),
                "device_id", deviceId, "os_image_hash", "ee".repeat(32), "tcb_status", "UpToDate");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
