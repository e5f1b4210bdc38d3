package io.opencvm.vmmsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.Await;
import io.opencvm.vmmsim.prpc.Json;
import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code Main} as a harness runs it: its own process, described in machine-readable files, bounded in life. */
class MainProcessTest {

    @Test
    void mainDescribesItsNodesInAReadyFileAndANodesFileAndStopsWhenStdinCloses(@TempDir Path dir) throws Exception {
        Path ready = dir.resolve("ready.json");
        Path nodesFile = dir.resolve("nodes.json");
        Path stdout = dir.resolve("stdout.txt");
        Process process = new ProcessBuilder(List.of(javaBinary(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--node", "node-a", "--node", "node-b", "--test-hooks", "--boot-step-ms", "5",
                "--vcpu", "8", "--memory-mb", "16384", "--slots", "7", "--state-dir", dir.resolve("state").toString(),
                "--ready-file", ready.toString(), "--nodes-file", nodesFile.toString(), "--exit-on-stdin-eof",
                "--max-lifetime-s", "120"))
                .redirectOutput(stdout.toFile()).redirectErrorStream(true).start();
        try {
            assertThat(Await.until(() -> Files.exists(ready), exists -> exists, Duration.ofSeconds(60))).isTrue();
            JsonNode fleet = Json.MAPPER.readTree(ready.toFile());
            JsonNode file = Json.MAPPER.readTree(nodesFile.toFile());

            assertThat(fleet.get("pid").asLong()).isEqualTo(process.pid());
            assertThat(fleet.get("nodes").findValuesAsString("name")).containsExactly("node-a", "node-b");
            for (JsonNode node : fleet.get("nodes")) {
                RpcClient rpc = new RpcClient(URI.create(node.get("url").asString()));
                assertThat(rpc.call("Version", Map.of()).get("version").asString()).isEqualTo("0.5.4");
                assertThat(rpc.call("GetMeta", Map.of()).get("resources").get("max_allocable_vcpu").asInt())
                        .isEqualTo(8);
            }
            assertThat(file.get("kms").get(0).get("url").asString()).isEqualTo(fleet.get("kms").get("url").asString());
            assertThat(file.get("kms").get(0).get("is_default").asBoolean()).isTrue();
            JsonNode first = file.get("nodes").get(0);
            assertThat(first.get("vmm_url").asString()).isEqualTo(fleet.get("nodes").get(0).get("url").asString());
            assertThat(first.get("kms").asString()).isEqualTo(file.get("kms").get(0).get("id").asString());
            assertThat(List.of(first.get("vcpu").asInt(), first.get("memory_mb").asInt(), first.get("slots").asInt()))
                    .containsExactly(8, 16384, 7);
            FaultyNode.json(new RpcClient(URI.create(fleet.get("control_url").asString())).request("POST",
                    "/test/nodes/node-b/faults", "{\"latency_ms\": {\"Status\": 1}}"));
            assertThat(Files.readString(stdout, StandardCharsets.UTF_8).lines())
                    .as("the ready document is also one line on stdout").contains(Files.readString(ready).strip());

            process.getOutputStream().close();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stops when its parent closes stdin").isTrue();
        } finally {
            process.destroyForcibly();
        }
    }

    private static String javaBinary() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
