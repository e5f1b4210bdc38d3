package io.opencvm.vmmsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.Await;
import io.opencvm.vmmsim.fault.FaultSet;
import io.opencvm.vmmsim.prpc.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The node-level fault switches (boot errors, CID pool, VMM restart) and the KMS's switches. */
class NodeFaultsTest {

    private static final String BOOT_ERROR = "Failed to request app keys: Failed to get app keys from KMS: "
            + "error sending request for url (https://kms.example:9201/prpc/GetAppKey?json)";

    @Test
    void aBootErrorFailsEveryBootWithTheGivenTextAndTheNextAutoRestartAfterClearingSucceeds() {
        try (FaultyNode sim = new FaultyNode()) {
            sim.setFaults("{\"boot_error\": " + Json.MAPPER.writeValueAsString(BOOT_ERROR) + "}");

            String id = sim.create("b");
            JsonNode failed = Await.until(() -> sim.vm(id), vm -> vm.get("status").asString().equals("exited"));

            assertThat(failed.get("status").asString()).isEqualTo("exited");
            assertThat(failed.get("boot_error").asString()).isEqualTo(BOOT_ERROR);
            assertThat(failed.get("boot_progress").asString()).isEqualTo("requesting app keys");
            assertThat(failed.get("instance_id").isNull()).isTrue();

            sim.clearFaults();
            JsonNode booted = Await.until(() -> sim.vm(id), vm -> vm.get("boot_progress").asString().equals("done"));
            assertThat(booted.get("status").asString()).isEqualTo("running");
            assertThat(booted.get("boot_error").asString()).isEmpty();
        }
    }

    @Test
    void anExhaustedCidPoolFailsCreateVmWithDstackVmmsOwnMessageAndCreatesNothing() {
        try (FaultyNode sim = new FaultyNode(); FaultyNode full = new FaultyNode(b -> b.cidPoolSize(1))) {
            sim.setFaults("{\"cid_pool_exhausted\": true}");
            full.create("only");

            String injected = sim.rpc.callFails("CreateVm", SimHarness.vm("c", SimHarness.COMPOSE, Map.of()));
            String real = full.rpc.callFails("CreateVm", SimHarness.vm("c", SimHarness.COMPOSE, Map.of()));

            assertThat(injected).isEqualTo("Failed to load VM: CID pool exhausted").isEqualTo(real);
            assertThat(sim.vmCount()).isZero();
            sim.clearFaults();
            sim.create("c");
            assertThat(sim.vmCount()).isEqualTo(1);
        }
    }

    @Test
    void aVmmRestartForgetsWhatIsInMemoryKeepsWhatIsOnDiskAndRefusesConnectionsWhileDown(@TempDir Path dir)
            throws Exception {
        try (FaultyNode sim = new FaultyNode(b -> b.stateDir(dir))) {
            String running = sim.create("r");
            JsonNode before = Await.until(() -> sim.vm(running), vm -> vm.get("boot_progress").asString().equals("done"));
            assertThat(before.get("events").size()).isPositive();
            List<String> filesBefore = files(dir);

            JsonNode accepted = FaultyNode.json(sim.test(sim.node.baseUri(), "POST", "vmm-restart", "{\"down_ms\": 1500}"));
            assertThat(accepted.get("down_ms").asLong()).isEqualTo(1500);
            assertThat(Await.until(sim::refuses, refused -> refused)).as("down while restarting").isTrue();
            assertThat(Await.until(sim::refuses, refused -> !refused)).as("back after down_ms").isFalse();

            JsonNode after = sim.vm(running);
            assertThat(after.get("status").asString()).isEqualTo("running");
            assertThat(after.get("boot_progress").asString()).as("re-adopted, progress forgotten").isEqualTo("running");
            assertThat(after.get("events").size()).as("events are in memory only").isZero();
            assertThat(after.get("instance_id").asString()).isEqualTo(before.get("instance_id").asString());
            assertThat(files(dir)).as("what is on disk is kept").isEqualTo(filesBefore);
        }
    }

    @Test
    void theJavaApiSetsTheSameSwitchesTheRouteShows() {
        try (FaultyNode sim = new FaultyNode()) {
            sim.node.faults().latency("Status", Duration.ofMillis(5)).errorAnswer("StartVm", "nope", 2)
                    .serverError("StopVm").hang("RemoveVm").slowBody("GetInfo", 10).cidPoolExhausted()
                    .bootError("no");

            JsonNode shown = sim.faults();
            assertThat(shown.get("latency_ms").get("Status").asLong()).isEqualTo(5);
            assertThat(shown.get("errors").get("StartVm").get("times").asInt()).isEqualTo(2);
            assertThat(shown.get("errors").get("StopVm").get("status").asInt()).isEqualTo(500);
            assertThat(shown.get("hang").get("RemoveVm").get("after_effect").asBoolean()).isFalse();
            assertThat(shown.get("slow_body").get("GetInfo").get("bytes_per_second").asInt()).isEqualTo(10);
            assertThat(shown.get("cid_pool_exhausted").asBoolean()).isTrue();
            assertThat(shown.get("boot_error").asString()).isEqualTo("no");
            sim.node.faults().clear();
            assertThat(sim.node.faults().current()).isEqualTo(FaultSet.NONE);
        }
    }

    @Test
    void theKmsHasTransportSwitchesOnTheControlListenerAndANodeProxiesItsErrors() {
        try (FaultyNode sim = new FaultyNode();
             ControlListener control = ControlListener.start(0, Map.of("node-f", sim.node), Map.of("kms", sim.kms))) {
            FaultyNode.json(sim.test(control.baseUri(), "POST", "kms/kms/faults",
                    "{\"errors\": {\"GetAppEnvEncryptPubKey\": {\"status\": 400, \"error\": \"KMS is busy\"}}}"));

            String error = sim.rpc.callFails("GetAppEnvEncryptPubKey", Map.of("app_id", "11".repeat(20)));

            assertThat(error).contains("KMS is busy");
            JsonNode calls = FaultyNode.json(sim.test(control.baseUri(), "GET", "kms/kms/calls", null));
            assertThat(calls.get("calls").get("GetAppEnvEncryptPubKey").asLong()).isEqualTo(1);
            assertThat(sim.test(control.baseUri(), "POST", "kms/kms/vmm-restart", "{}").statusCode()).isEqualTo(404);
        }
    }

    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).sorted().map(p -> {
                try {
                    return dir.relativize(p) + "=" + Files.readString(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
