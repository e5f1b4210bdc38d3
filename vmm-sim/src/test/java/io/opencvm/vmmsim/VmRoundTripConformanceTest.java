package io.opencvm.vmmsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.vmmsim.crypto.Sha256;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What goes in comes back byte for byte; compose hash and app id derivation. */
class VmRoundTripConformanceTest {

    private final SimHarness sim = new SimHarness();

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void getInfoReturnsComposeAndEnvExactlyAsSentAndNormalisesAppId() {
        String compose = "{\n    \"manifest_version\": 2, \"name\": \"héllo ✓\",\n\t\"runner\": \"docker-compose\"}";
        String env = "0x0FAA684ED28867B97F4A6A2DEE5DF8CE974E76B7018E3F22A1C4CF2678570F20" + "33".repeat(12) + "ab".repeat(20);
        String id = sim.rpc.call("CreateVm", SimHarness.vm("r-1", compose, Map.of("encrypted_env", env,
                "app_id", "0x21D83C2B423EE05367ED8EBA02C650ADA2CB19B4"))).get("id").asString();

        JsonNode info = sim.info(id);
        assertThat(info.get("configuration").get("compose_file").asString()).isEqualTo(compose);
        assertThat(info.get("configuration").get("encrypted_env").asString()).isEqualTo(env.substring(2).toLowerCase());
        assertThat(info.get("app_id").asString()).isEqualTo("21d83c2b423ee05367ed8eba02c650ada2cb19b4");
        assertThat(info.get("configuration").get("gpus").toString()).isEqualTo("{\"gpus\":[],\"attach_mode\":\"listed\"}");
        assertThat(info.get("configuration").get("networking").isNull()).isTrue();
        assertThat(info.get("instance_id").isNull()).isTrue();
        assertThat(info.get("app_url").isNull()).isTrue();
        assertThat(info.get("image_version").asString()).isEqualTo("0.5.4");
    }

    @Test
    void composeHashIsSha256OfTheExactStringAndDefaultAppIdItsFirst40Hex() {
        String hash = HexFormat.of().formatHex(Sha256.hash(SimHarness.COMPOSE));

        JsonNode reply = sim.rpc.call("GetComposeHash", SimHarness.vm("x", SimHarness.COMPOSE, Map.of()));
        String id = sim.create("x", Map.of());

        assertThat(reply.get("hash").asString()).isEqualTo(hash);
        assertThat(sim.info(id).get("app_id").asString()).isEqualTo(hash.substring(0, 40));
        assertThat(sim.rpc.callFails("GetComposeHash", SimHarness.vm("x", "{\"name\":\"a\"}", Map.of())))
                .startsWith("Invalid compose file: missing field");
    }

    @Test
    void unknownIdIsFoundFalseWithNullInfo() {
        assertThat(sim.rpc.post("/prpc/GetInfo?json", "{\"id\":\"0000\"}").body()).isEqualTo("{\"found\":false,\"info\":null}");
    }

    @Test
    void updateVmReturnsComposeDerivedIdKeepsAppIdAndRefusesResizeWhileRunning() {
        String id = sim.create("u", Map.of("app_id", "aa".repeat(20)));
        String newCompose = SimHarness.COMPOSE.replace("hello", "hello2");

        JsonNode updated = sim.rpc.call("UpdateVm", Map.of("id", id, "compose_file", newCompose));
        JsonNode unchanged = sim.rpc.call("UpgradeApp", Map.of("id", id, "user_config", "{}"));
        String resize = sim.rpc.callFails("UpdateVm", Map.of("id", id, "vcpu", 4));

        assertThat(updated.get("id").asString()).isEqualTo(HexFormat.of().formatHex(Sha256.hash(newCompose)).substring(0, 40));
        assertThat(unchanged.get("id").asString()).isEmpty();
        assertThat(resize).isEqualTo("vm should be stopped before resize: " + id);
        JsonNode info = sim.info(id);
        assertThat(info.get("app_id").asString()).isEqualTo("aa".repeat(20));
        assertThat(info.get("configuration").get("compose_file").asString()).isEqualTo(newCompose);
        assertThat(info.get("configuration").get("user_config").asString()).isEqualTo("{}");
        assertThat(info.get("configuration").get("vcpu").asInt()).isEqualTo(2);
        assertThat(sim.rpc.callFails("UpdateVm", Map.of("id", "nope", "compose_file", newCompose)))
                .isEqualTo("The instance nope not found");
    }

    @Test
    void resizeOfStoppedVmGrowsButNeverShrinksDisk() {
        String id = sim.create("r", Map.of("stopped", true));

        assertThat(sim.rpc.callFails("ResizeVm", Map.of("id", id))).isEqualTo("resize request contains no updates");
        assertThat(sim.rpc.callFails("ResizeVm", Map.of("id", id, "disk_size", 10))).isEqualTo("Cannot shrink disk size");
        assertThat(sim.rpc.post("/prpc/ResizeVm?json", "{\"id\":\"" + id + "\",\"vcpu\":8,\"disk_size\":40}").body()).isEqualTo("null");
        JsonNode config = sim.info(id).get("configuration");
        assertThat(config.get("vcpu").asInt()).isEqualTo(8);
        assertThat(config.get("disk_size").asInt()).isEqualTo(40);
    }

    @Test
    void createValidationUsesDstackErrorTexts() {
        assertThat(sim.rpc.callFails("CreateVm", SimHarness.vm("p", SimHarness.COMPOSE, Map.of("ports",
                List.of(Map.of("protocol", "tcp", "host_port", 8080, "vm_port", 80))))))
                .isEqualTo("Port mapping is disabled");
        assertThat(sim.rpc.callFails("CreateVm", SimHarness.vm("p", "{not json", Map.of())))
                .startsWith("invalid app compose JSON: ");
        assertThat(sim.rpc.callFails("CreateVm", SimHarness.vm("p", "{\"manifest_version\":2,\"name\":\"a\"}", Map.of())))
                .isEqualTo("Failed to load VM: Failed to read compose file: missing field `runner`");
        assertThat(sim.rpc.callFails("CreateVm", Map.of("name", "p", "image", "../etc", "compose_file", SimHarness.COMPOSE)))
                .isEqualTo("Invalid image name");
        assertThat(sim.rpc.call("Status", "").get("total").asInt()).isZero();
    }

    @Test
    void cidPoolExhaustionRefusesTheNextVm() {
        try (SimHarness small = new SimHarness(b -> b.cidPoolSize(2))) {
            small.create("a", Map.of());
            small.create("a", Map.of());
            assertThat(small.rpc.callFails("CreateVm", SimHarness.vm("c", SimHarness.COMPOSE, Map.of())))
                    .isEqualTo("Failed to load VM: CID pool exhausted");
            assertThat(small.rpc.call("Status", "").get("total").asInt()).isEqualTo(2);
        }
    }

    @Test
    void metaVersionImagesAndGpusHaveTheProtoShapes() {
        JsonNode meta = sim.rpc.call("GetMeta", "");
        JsonNode version = sim.rpc.call("Version", "");
        JsonNode images = sim.rpc.call("ListImages", "");

        assertThat(meta.get("kms").get("url").asString()).isEqualTo(sim.kms.baseUri().toString());
        assertThat(meta.get("resources").get("max_cvm_number").asInt()).isEqualTo(1000);
        assertThat(meta.get("gateway").get("agent_port").asInt()).isEqualTo(8090);
        assertThat(version.get("version").asString()).isEqualTo("0.5.4");
        assertThat(images.get("images").get(0).get("name").asString()).isEqualTo("dstack-0.5.4");
        assertThat(images.get("images").get(0).get("is_dev").asBoolean()).isFalse();
        assertThat(sim.rpc.call("ListGpus", "").get("gpus").size()).isZero();
    }
}
