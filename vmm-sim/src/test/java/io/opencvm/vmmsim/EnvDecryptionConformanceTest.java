package io.opencvm.vmmsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.vmmsim.crypto.EnvCipher;
import io.opencvm.vmmsim.prpc.Json;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Encrypted env through a full boot: the guest decrypts with the KMS-released key and keeps only allowed names. */
class EnvDecryptionConformanceTest {

    private static final String APP = "21d83c2b423ee05367ed8eba02c650ada2cb19b4";
    private static final String PLAINTEXT = "{\"env\":[{\"key\":\"API_KEY\",\"value\":\"secret\"},"
            + "{\"key\":\"NOT_ALLOWED\",\"value\":\"dropped\"}]}";

    @Test
    void bootDecryptsEnvAndTestHookShowsOnlyAllowedNames() throws Exception {
        try (SimHarness sim = new SimHarness(b -> b.testHooks(true))) {
            String id = sim.create("env", Map.of("app_id", APP, "encrypted_env", encryptFor(sim, PLAINTEXT)));
            assertThat(sim.rpc.get("/test/vms/" + id + "/env").body()).isEqualTo("{}");

            sim.settle();

            assertThat(sim.brief(id).get("boot_progress").asString()).isEqualTo("done");
            JsonNode env = Json.MAPPER.readTree(sim.rpc.get("/test/vms/" + id + "/env").body());
            assertThat(env.properties()).hasSize(1);
            assertThat(env.get("API_KEY").asString()).isEqualTo("secret");
            assertThat(sim.rpc.get("/logs?id=" + id).body()).doesNotContain("secret");
            assertThat(sim.rpc.get("/test/vms/unknown/env").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void blobForAnotherKeyFailsTheBootWithDecryptError() throws Exception {
        try (SimHarness sim = new SimHarness(b -> b.testHooks(true))) {
            byte[] wrongKey = EnvCipher.publicKey(HexFormat.of().parseHex("11".repeat(32)));
            String blob = HexFormat.of().formatHex(EnvCipher.encrypt(wrongKey, PLAINTEXT.getBytes(StandardCharsets.UTF_8)));
            String id = sim.create("bad", Map.of("app_id", APP, "encrypted_env", blob));

            sim.settle();

            JsonNode vm = sim.brief(id);
            assertThat(vm.get("boot_error").asString()).startsWith("Failed to decrypt env file");
            assertThat(vm.get("status").asString()).isEqualTo("exited");
            assertThat(sim.rpc.get("/test/vms/" + id + "/env").body()).isEqualTo("{}");
        }
    }

    @Test
    void invalidEnvKeyFailsTheBoot() throws Exception {
        String compose = SimHarness.COMPOSE.replace("[\"API_KEY\"]", "[\"1BAD\"]");
        try (SimHarness sim = new SimHarness()) {
            String blob = encryptFor(sim, "{\"env\":[{\"key\":\"1BAD\",\"value\":\"x\"}]}");
            String id = sim.rpc.call("CreateVm", SimHarness.vm("k", compose, Map.of("app_id", APP,
                    "encrypted_env", blob))).get("id").asString();

            sim.settle();

            assertThat(sim.brief(id).get("boot_error").asString()).isEqualTo("Failed to decrypt env file: invalid env key: 1BAD");
        }
    }

    @Test
    void testHookIsAbsentWhenTheProfileFlagIsOff() throws Exception {
        try (SimHarness sim = new SimHarness()) {
            String id = sim.create("env", Map.of("app_id", APP, "encrypted_env", encryptFor(sim, PLAINTEXT)));
            sim.settle();

            assertThat(sim.brief(id).get("boot_progress").asString()).isEqualTo("done");
            assertThat(sim.rpc.get("/test/vms/" + id + "/env").statusCode()).isEqualTo(404);
            assertThat(sim.node.decryptedEnv(id)).containsOnlyKeys("API_KEY");
        }
    }

    /** What a control plane does: fetch the app's key through the node, encrypt, send hex. */
    private static String encryptFor(SimHarness sim, String plaintext) throws Exception {
        String publicKey = sim.rpc.call("GetAppEnvEncryptPubKey", Map.of("app_id", APP)).get("public_key").asString();
        byte[] blob = EnvCipher.encrypt(HexFormat.of().parseHex(publicKey), plaintext.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(blob);
    }
}
