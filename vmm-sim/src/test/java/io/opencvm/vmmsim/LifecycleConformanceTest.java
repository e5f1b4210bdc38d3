package io.opencvm.vmmsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.vmmsim.node.Generation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The VM state table, shutdown, crash and restart, remove, listing. */
class LifecycleConformanceTest {

    @Test
    void stoppedCreateStartBootStopFollowsTheStateTable() {
        try (SimHarness sim = new SimHarness()) {
            String id = sim.create("s", Map.of("stopped", true));
            JsonNode created = sim.brief(id);
            assertThat(created.get("status").asString()).isEqualTo("stopped");
            assertThat(created.get("uptime").asString()).isEqualTo("never");
            assertThat(created.get("exited_at").asString()).isEqualTo("never");
            assertThat(created.get("boot_progress").asString()).isEmpty();

            sim.rpc.call("StartVm", Map.of("id", id));
            JsonNode booting = sim.brief(id);
            assertThat(booting.get("status").asString()).isEqualTo("running");
            assertThat(booting.get("boot_progress").asString()).isEqualTo("booting");
            assertThat(booting.get("instance_id").isNull()).isTrue();

            sim.settle();
            sim.advance(Duration.ofSeconds(62));
            JsonNode done = sim.brief(id);
            assertThat(done.get("boot_progress").asString()).isEqualTo("done");
            assertThat(done.get("instance_id").asString()).matches("[0-9a-f]{40}");
            assertThat(done.get("app_url").asString()).isEqualTo("https://" + done.get("instance_id").asString()
                    + "-8090.node-a.apps.opencvm.local");
            assertThat(done.get("uptime").asString()).isEqualTo("1m 2s");
            assertThat(done.get("events").findValuesAsString("body")).containsSubsequence("requesting app keys",
                    "initializing data disk", "data disk ready", "setting up dstack-gateway", "setting up docker",
                    "starting containers", "done");

            sim.rpc.call("StopVm", Map.of("id", id));
            sim.rpc.call("StopVm", Map.of("id", id));
            assertThat(sim.brief(id).get("status").asString()).isEqualTo("stopped");
            assertThat(sim.brief(id).get("uptime").asString()).isEqualTo("never");
        }
    }

    @Test
    void shutdownIsRefusedBeforeTheGuestAgentIsUpThenGoesStoppingToStopped() {
        try (SimHarness sim = new SimHarness()) {
            String id = sim.create("g", Map.of());
            assertThat(sim.rpc.callFails("ShutdownVm", Map.of("id", id)))
                    .isEqualTo("client error (Connect): Connection reset by peer (os error 104)");
            assertThat(sim.brief(id).get("status").asString()).isEqualTo("running");

            sim.settle();
            assertThat(sim.rpc.post("/prpc/ShutdownVm?json", "{\"id\":\"" + id + "\"}").body()).isEqualTo("null");
            JsonNode stopping = sim.brief(id);
            assertThat(stopping.get("status").asString()).isEqualTo("stopping");
            assertThat(stopping.get("shutdown_progress").asString()).isEqualTo("powering off");

            sim.settle();
            assertThat(sim.brief(id).get("status").asString()).isEqualTo("stopped");
        }
    }

    @Test
    void crashedVmShowsExitedAndTheV05LoopRestartsItOnTheNextTick() {
        try (SimHarness sim = new SimHarness(b -> b.generation(Generation.V0_5))) {
            String id = sim.create("c", Map.of());
            sim.settle();
            String instanceId = sim.brief(id).get("instance_id").asString();

            sim.node.crashVm(id);
            sim.advance(Duration.ofSeconds(5));
            JsonNode exited = sim.brief(id);
            assertThat(exited.get("status").asString()).isEqualTo("exited");
            assertThat(exited.get("exited_at").asString()).isEqualTo("5s");

            sim.advance(Duration.ofSeconds(15));
            sim.settle();
            JsonNode restarted = sim.brief(id);
            assertThat(restarted.get("status").asString()).isEqualTo("running");
            assertThat(restarted.get("boot_progress").asString()).isEqualTo("done");
            assertThat(restarted.get("instance_id").asString()).isEqualTo(instanceId);
            assertThat(restarted.get("events").findValuesAsString("body")).contains("mounting data disk");
        }
    }

    @Test
    void removeShowsRemovingThenTheVmIsGoneAndRepeatsAreHarmless() {
        try (SimHarness sim = new SimHarness()) {
            String id = sim.create("r", Map.of());
            String keep = sim.create("k", Map.of());

            assertThat(sim.rpc.post("/prpc/RemoveVm?json", "{\"id\":\"" + id + "\"}").body()).isEqualTo("null");
            assertThat(sim.brief(id).get("status").asString()).isEqualTo("removing");
            sim.rpc.call("RemoveVm", Map.of("id", id));
            assertThat(sim.rpc.callFails("StartVm", Map.of("id", id))).isEqualTo("Failed to start VM: VM is being removed");

            sim.settle();
            assertThat(sim.rpc.call("GetInfo", Map.of("id", id)).get("found").asBoolean()).isFalse();
            assertThat(sim.rpc.call("Status", "").get("vms").findValuesAsString("id")).containsExactly(keep);
            assertThat(sim.rpc.callFails("RemoveVm", Map.of("id", id))).isEqualTo("Failed to remove VM: VM not found");
        }
    }

    @Test
    void statusFiltersByIdsAndKeywordPagesOneBasedAndCountsTotalBeforePaging() {
        try (SimHarness sim = new SimHarness()) {
            String first = sim.create("alpha", Map.of());
            sim.advance(Duration.ofMillis(1));
            String second = sim.create("beta", Map.of());
            sim.advance(Duration.ofMillis(1));
            String third = sim.create("alpha-2", Map.of());

            JsonNode page2 = sim.rpc.call("Status", Map.of("page", 2, "page_size", 2));
            JsonNode keyword = sim.rpc.call("Status", Map.of("keyword", "alpha", "brief", true));
            JsonNode ids = sim.rpc.call("Status", Map.of("ids", List.of(second)));

            assertThat(page2.get("total").asInt()).isEqualTo(3);
            assertThat(page2.get("vms").findValuesAsString("id")).containsExactly(third);
            assertThat(page2.get("port_mapping_enabled").asBoolean()).isFalse();
            assertThat(keyword.get("vms").findValuesAsString("id")).containsExactly(first, third);
            assertThat(keyword.get("vms").get(0).get("configuration").isNull()).isTrue();
            assertThat(ids.get("vms").get(0).get("configuration").get("name").asString()).isEqualTo("beta");
            assertThat(ids.get("vms").get(0).has("interfaces")).isFalse();
        }
    }

    @Test
    void vmmRestartKeepsVmsReadoptsLiveOnesAsRunningAndDropsEvents() {
        try (SimHarness sim = new SimHarness(b -> b.generation(Generation.HEAD))) {
            String id = sim.create("v", Map.of());
            sim.settle();
            assertThat(sim.brief(id).get("interfaces").get(0).get("mac").asString()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");

            sim.node.restartVmm();
            JsonNode after = sim.brief(id);
            assertThat(after.get("status").asString()).isEqualTo("running");
            assertThat(after.get("boot_progress").asString()).isEqualTo("running");
            assertThat(after.get("events").size()).isZero();
            assertThat(after.get("instance_id").asString()).matches("[0-9a-f]{40}");
        }
    }

    @Test
    void vmRecordsInTheStateDirSurviveANewSimulatorProcess(@TempDir Path dir) {
        String id;
        String instanceId;
        try (SimHarness sim = new SimHarness(b -> b.stateDir(dir))) {
            id = sim.create("p", Map.of());
            sim.settle();
            instanceId = sim.brief(id).get("instance_id").asString();
        }
        try (SimHarness again = new SimHarness(b -> b.stateDir(dir))) {
            JsonNode vm = again.brief(id);
            assertThat(vm.get("status").asString()).isEqualTo("running");
            assertThat(vm.get("instance_id").asString()).isEqualTo(instanceId);
            again.settle();
            assertThat(again.brief(id).get("boot_progress").asString()).isEqualTo("done");
        }
    }
}
