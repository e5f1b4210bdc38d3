package io.opencvm.vmmsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.vmmsim.kms.KmsProfile;
import io.opencvm.vmmsim.kms.KmsSimulator;
import io.opencvm.vmmsim.node.BootTimings;
import io.opencvm.vmmsim.node.NodeProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The embedded mode the control plane uses: wall-clock time, zero boot delays, boot still asynchronous. */
class EmbeddedRealTimeTest {

    @Test
    void zeroDelayBootCompletesAsynchronouslyOnWallClockTime() {
        try (KmsSimulator kms = KmsSimulator.start(KmsProfile.defaults());
             VmmSimulator node = VmmSimulator.start(NodeProfile.defaults("embedded").toBuilder()
                     .kmsUrl(kms.baseUri().toString()).timings(BootTimings.instant()).build())) {
            RpcClient rpc = new RpcClient(node.baseUri());
            String id = rpc.call("CreateVm", SimHarness.vm("e", SimHarness.COMPOSE, Map.of())).get("id").asString();

            JsonNode vm = await(() -> rpc.call("GetInfo", Map.of("id", id)).get("info"),
                    info -> info.get("boot_progress").asString().equals("done"));

            assertThat(vm.get("instance_id").asString()).matches("[0-9a-f]{40}");
            assertThat(vm.get("status").asString()).isEqualTo("running");
        }
    }

    private static JsonNode await(Supplier<JsonNode> read, java.util.function.Predicate<JsonNode> done) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        JsonNode last = read.get();
        while (!done.test(last)) {
            assertThat(Instant.now()).as("waiting for boot, last: %s", last).isBefore(deadline);
            Thread.onSpinWait();
            last = read.get();
        }
        return last;
    }
}
