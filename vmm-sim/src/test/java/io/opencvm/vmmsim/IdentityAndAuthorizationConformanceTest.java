package io.opencvm.vmmsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.vmmsim.kms.InMemoryContract;
import io.opencvm.vmmsim.kms.OnChainPolicy;
import io.opencvm.vmmsim.node.Generation;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Replica identity, and the KMS deciding each boot. */
class IdentityAndAuthorizationConformanceTest {

    private static final String APP = "21d83c2b423ee05367ed8eba02c650ada2cb19b4";

    @Test
    void replicasShareAppIdAndEnvKeyButNotVmIdOrInstanceIdAndRestartKeepsInstanceId() {
        try (SimHarness sim = new SimHarness()) {
            String a = sim.create("r1", Map.of("app_id", APP));
            String b = sim.create("r2", Map.of("app_id", APP));
            sim.settle();
            JsonNode infoA = sim.brief(a);
            JsonNode infoB = sim.brief(b);
            JsonNode keyOne = sim.rpc.call("GetAppEnvEncryptPubKey", Map.of("app_id", APP));
            JsonNode keyTwo = sim.rpc.call("GetAppEnvEncryptPubKey", Map.of("app_id", "0x" + APP));

            assertThat(a).isNotEqualTo(b);
            assertThat(infoA.get("app_id").asString()).isEqualTo(infoB.get("app_id").asString()).isEqualTo(APP);
            assertThat(keyOne.get("public_key").asString()).isEqualTo(keyTwo.get("public_key").asString()).hasSize(64);
            assertThat(infoA.get("instance_id").asString()).isNotEqualTo(infoB.get("instance_id").asString());

            sim.rpc.call("StopVm", Map.of("id", a));
            sim.rpc.call("StartVm", Map.of("id", a));
            sim.settle();
            assertThat(sim.brief(a).get("instance_id").asString()).isEqualTo(infoA.get("instance_id").asString());
        }
    }

    @Test
    void appWithoutKeyProviderGetsANewInstanceIdEveryBootAndNoInstanceIdMeansNone() {
        try (SimHarness sim = new SimHarness()) {
            String plain = sim.rpc.call("CreateVm", SimHarness.vm("n", "{\"manifest_version\":2,\"name\":\"n\","
                    + "\"runner\":\"docker-compose\",\"gateway_enabled\":true}", Map.of())).get("id").asString();
            String none = sim.rpc.call("CreateVm", SimHarness.vm("x", "{\"manifest_version\":2,\"name\":\"x\","
                    + "\"runner\":\"bash\",\"no_instance_id\":true,\"kms_enabled\":true}", Map.of())).get("id").asString();
            sim.settle();
            String first = sim.brief(plain).get("instance_id").asString();

            sim.rpc.call("StopVm", Map.of("id", plain));
            sim.rpc.call("StartVm", Map.of("id", plain));
            sim.settle();

            assertThat(sim.brief(plain).get("instance_id").asString()).matches("[0-9a-f]{40}").isNotEqualTo(first);
            JsonNode noInstance = sim.brief(none);
            assertThat(noInstance.get("boot_progress").asString()).isEqualTo("done");
            assertThat(noInstance.get("instance_id").isNull()).isTrue();
            assertThat(noInstance.get("app_url").isNull()).isTrue();
            assertThat(noInstance.get("events").findValuesAsString("body")).contains("running main script");
        }
    }

    @Test
    void deniedDeviceFailsTheBootLoopsRestartingAndSucceedsOnTheNextAttemptOnceAllowed() {
        try (SimHarness sim = new SimHarness(b -> b.generation(Generation.HEAD))) {
            InMemoryContract contract = new InMemoryContract();
            String composeHash = sim.rpc.call("GetComposeHash", SimHarness.vm("d", SimHarness.COMPOSE, Map.of()))
                    .get("hash").asString();
            contract.composeHashes.add(APP + ":" + composeHash);
            sim.kms.setPolicy(new OnChainPolicy(contract));
            String id = sim.create("d", Map.of("app_id", APP));
            sim.settle();

            JsonNode denied = sim.brief(id);
            assertThat(denied.get("boot_error").asString()).isEqualTo("Failed to request app keys: Failed to get app "
                    + "keys from KMS: App not allowed: Boot denied: Device not allowed");
            assertThat(denied.get("status").asString()).isEqualTo("exited");
            assertThat(denied.get("instance_id").isNull()).isTrue();
            assertThat(denied.get("boot_progress").asString()).isEqualTo("requesting app keys");

            sim.advance(Duration.ofSeconds(40));
            JsonNode retried = sim.brief(id);
            assertThat(retried.get("status").asString()).isEqualTo("exited");
            assertThat(retried.get("events").findValuesAsString("event").stream().filter("boot.error"::equals)).hasSize(2);

            contract.devices.add(APP + ":" + sim.node.profile().deviceId());
            sim.advance(Duration.ofSeconds(20));
            JsonNode allowed = sim.brief(id);
            assertThat(allowed.get("status").asString()).isEqualTo("running");
            assertThat(allowed.get("boot_progress").asString()).isEqualTo("done");
            assertThat(allowed.get("boot_error").asString()).isEmpty();
            assertThat(allowed.get("instance_id").asString()).matches("[0-9a-f]{40}");
        }
    }

    @Test
    void headRestartBudgetRunsOutAfterFiveAttemptsWithOneExhaustedEvent() {
        try (SimHarness sim = new SimHarness(b -> b.generation(Generation.HEAD))) {
            sim.kms.setPolicy(new OnChainPolicy(new InMemoryContract()));
            String id = sim.create("e", Map.of("app_id", APP));
            sim.settle();

            sim.advance(Duration.ofSeconds(400));

            JsonNode vm = sim.brief(id);
            assertThat(vm.get("status").asString()).isEqualTo("exited");
            assertThat(vm.get("events").findValuesAsString("event").stream().filter("boot.error"::equals)).hasSize(6);
            assertThat(vm.get("events").findValuesAsString("body"))
                    .containsOnlyOnce("Automatic restart stopped after 5 failed attempts");
            assertThat(vm.get("boot_error").asString()).endsWith("Boot denied: Compose hash not allowed");
        }
    }
}
