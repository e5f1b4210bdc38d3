package io.opencvm.vmmsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.vmmsim.node.Generation;
import io.opencvm.vmmsim.prpc.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The proxied guest API at {@code /guest}: containers from the compose, system and network figures, identity. */
class GuestApiConformanceTest {

    private static final String SHOP = "services:\n  web:\n    image: nginx:1.27\n  cache:\n    image: redis:7\n"
            + "  worker:\n    build: ./worker\n    deploy:\n      replicas: 2\n  db:\n    image: postgres:16\n"
            + "    container_name: shop-db\n";

    @Test
    void listContainersHasOneContainerPerServiceNamedAsComposeNamesThem() {
        try (SimHarness sim = new SimHarness()) {
            String id = sim.create("shop", SimHarness.compose("shop", SHOP), Map.of());
            sim.settle();
            JsonNode containers = sim.rpc.guest("ListContainers", id).get("containers");
            assertThat(containers.findValuesAsString("image"))
                    .containsExactly("nginx:1.27", "redis:7", "dstack-worker", "dstack-worker", "postgres:16");
            assertThat(containers.findValues("names").stream().map(n -> n.get(0).asString()).toList())
                    .containsExactly("/dstack-web-1", "/dstack-cache-1", "/dstack-worker-1", "/dstack-worker-2",
                            "/shop-db");
            JsonNode web = containers.get(0);
            assertThat(web.get("id").asString()).matches("[0-9a-f]{64}");
            assertThat(web.get("image_id").asString()).matches("sha256:[0-9a-f]{64}");
            assertThat(web.get("created").asLong()).isEqualTo(Instant.parse("2026-08-07T10:00:00Z").getEpochSecond());
            assertThat(web.get("state").asString()).isEqualTo("running");
            assertThat(web.get("status").asString()).isEqualTo("Up Less than a second");
            assertThat(web.has("command")).isFalse();

            sim.advance(Duration.ofMinutes(5));
            assertThat(sim.rpc.guest("ListContainers", id).get("containers").get(0).get("status").asString())
                    .isEqualTo("Up 5 minutes");
        }
    }

    @Test
    void aRestartKeepsTheContainersButResetsTheirUptimeAndAChangedServiceIsRecreated() {
        try (SimHarness sim = new SimHarness()) {
            String id = sim.create("shop", SimHarness.compose("shop", SHOP), Map.of());
            sim.settle();
            JsonNode before = sim.rpc.guest("ListContainers", id).get("containers");
            sim.advance(Duration.ofHours(3));
            assertThat(sim.rpc.guest("ListContainers", id).get("containers").get(0).get("status").asString())
                    .isEqualTo("Up 3 hours");

            sim.rpc.call("StopVm", Map.of("id", id));
            sim.rpc.call("StartVm", Map.of("id", id));
            sim.settle();
            JsonNode after = sim.rpc.guest("ListContainers", id).get("containers");
            assertThat(after.findValuesAsString("id")).isEqualTo(before.findValuesAsString("id"));
            assertThat(after.get(0).get("created").asLong()).isEqualTo(before.get(0).get("created").asLong());
            assertThat(after.get(0).get("status").asString()).isEqualTo("Up Less than a second");

            String changed = SHOP.replace("nginx:1.27", "nginx:1.28");
            sim.rpc.call("StopVm", Map.of("id", id));
            sim.rpc.call("UpdateVm", Map.of("id", id, "compose_file", SimHarness.compose("shop", changed)));
            sim.rpc.call("StartVm", Map.of("id", id));
            sim.settle();
            JsonNode recreated = sim.rpc.guest("ListContainers", id).get("containers");
            assertThat(recreated.get(0).get("id").asString()).isNotEqualTo(before.get(0).get("id").asString());
            assertThat(recreated.get(0).get("image").asString()).isEqualTo("nginx:1.28");
            assertThat(recreated.get(1).get("id").asString()).isEqualTo(before.get(1).get("id").asString());
        }
    }

    @Test
    void aComposeFileComposeRefusesFailsTheBootWithTheRealError() {
        try (SimHarness sim = new SimHarness()) {
            String id = sim.create("bad", SimHarness.compose("bad", "services:\n  web: [unclosed\n"), Map.of());
            sim.settle();
            assertThat(sim.brief(id).get("boot_error").asString()).isEqualTo("failed to start containers");
            assertThat(sim.rpc.get("/logs?id=" + id).body())
                    .contains("[FAILED] Failed to start app-compose.service - App Compose Service.");
        }
    }

    @Test
    void sysInfoMatchesTheVmsResourcesAndUptimeGrows() {
        try (SimHarness sim = new SimHarness()) {
            String id = sim.create("shop", SimHarness.compose("shop", SHOP), Map.of("vcpu", 4, "memory", 8192,
                    "disk_size", 40));
            sim.settle();
            sim.advance(Duration.ofSeconds(90));
            JsonNode sys = sim.rpc.guest("SysInfo", id);
            assertThat(sys.get("os_name").asString()).isEqualTo("DStack");
            assertThat(sys.get("os_version").asString()).isEqualTo("0.5.4");
            assertThat(sys.get("num_cpus").asInt()).isEqualTo(4);
            long configured = 8192L * 1024 * 1024;
            assertThat(sys.get("total_memory").asLong()).isBetween(configured * 9 / 10, configured);
            assertThat(sys.get("used_memory").asLong() + sys.get("available_memory").asLong())
                    .isEqualTo(sys.get("total_memory").asLong());
            assertThat(sys.get("uptime").asLong()).isEqualTo(90);
            assertThat(sys.get("loadavg_one").asLong()).isPositive();
            JsonNode disk = sys.get("disks").get(0);
            assertThat(disk.get("mount_point").asString()).isEqualTo("/");
            assertThat(disk.get("total_size").asLong()).isBetween(39L << 30, 40L << 30);
            assertThat(disk.get("free_size").asLong()).isLessThan(disk.get("total_size").asLong());
        }
    }

    @Test
    void networkInfoShowsTheNicAndTheGatewayTunnelWithItsHandshake() {
        try (SimHarness sim = new SimHarness()) {
            String id = sim.create("shop", SimHarness.compose("shop", SHOP), Map.of());
            sim.settle();
            sim.advance(Duration.ofSeconds(65));
            JsonNode net = sim.rpc.guest("NetworkInfo", id);
            assertThat(net.get("dns_servers").get(0).asString()).isEqualTo("10.0.2.3");
            assertThat(net.get("gateways").get(0).get("address").asString()).isEqualTo("10.0.2.2");
            assertThat(net.get("interfaces").findValuesAsString("name")).containsExactly("eth0", "dstack-wg0");
            assertThat(net.get("interfaces").get(1).get("addresses").get(0).get("address").asString())
                    .matches("10\\.4\\.\\d+\\.\\d+");
            assertThat(net.get("wg_info").asString()).contains("interface: dstack-wg0")
                    .contains("latest handshake: 1 minute, 5 seconds ago");

            String plain = sim.create("plain", SimHarness.COMPOSE.replace("\"gateway_enabled\":true",
                    "\"gateway_enabled\":false"), Map.of());
            sim.settle();
            JsonNode noGateway = sim.rpc.guest("NetworkInfo", plain);
            assertThat(noGateway.get("interfaces").findValuesAsString("name")).containsExactly("eth0");
            assertThat(noGateway.get("wg_info").asString()).isEmpty();
        }
    }

    @Test
    void infoReportsTheGuestsIdentityCertificateAndTcbInfo() {
        try (SimHarness sim = new SimHarness()) {
            String id = sim.create("shop", SimHarness.compose("shop", SHOP), Map.of());
            sim.settle();
            JsonNode vm = sim.brief(id);
            JsonNode info = sim.rpc.guest("Info", id);
            assertThat(info.get("version").asString()).isEqualTo("0.5.4");
            assertThat(info.get("app_id").asString()).isEqualTo(vm.get("app_id").asString());
            assertThat(info.get("instance_id").asString()).isEqualTo(vm.get("instance_id").asString());
            assertThat(info.get("device_id").asString()).isEqualTo(sim.node.profile().deviceId());
            assertThat(info.get("app_cert").asString()).startsWith("-----BEGIN CERTIFICATE-----\n");
            assertThat(info.get("app_cert").asString().split("-----BEGIN CERTIFICATE-----", -1)).hasSize(4);
            JsonNode tcb = Json.MAPPER.readTree(info.get("tcb_info").asString());
            assertThat(tcb.propertyNames()).containsExactly("mrtd", "rtmr0", "rtmr1", "rtmr2", "rtmr3",
                    "mr_aggregated", "os_image_hash", "compose_hash", "device_id", "event_log", "app_compose");
            assertThat(tcb.get("app_compose").asString())
                    .isEqualTo(sim.info(id).get("configuration").get("compose_file").asString());
            assertThat(tcb.get("compose_hash").asString()).startsWith(vm.get("app_id").asString());
            assertThat(tcb.get("os_image_hash").asString()).isEqualTo(sim.node.profile().images().get(0).osImageHash());
            List<String> runtime = tcb.get("event_log").valueStream().filter(e -> e.get("imr").asInt() == 3)
                    .map(e -> e.get("event").asString()).toList();
            assertThat(runtime).containsExactly("system-preparing", "app-id", "compose-hash", "instance-id",
                    "boot-mr-done", "os-image-hash", "key-provider", "system-ready");
        }
    }

    @Test
    void aComposeThatKeepsItsTcbInfoPrivateReportsNone() {
        try (SimHarness sim = new SimHarness()) {
            String id = sim.create("private", SimHarness.COMPOSE.replace("\"public_logs\":true",
                    "\"public_logs\":true,\"public_tcbinfo\":false"), Map.of());
            sim.settle();
            JsonNode info = sim.rpc.guest("Info", id);
            assertThat(info.get("tcb_info").asString()).isEmpty();
            assertThat(info.get("app_cert").asString()).contains("BEGIN CERTIFICATE");
        }
    }

    @Test
    void onlyARunningGuestWhoseAgentIsUpAnswersAndEveryMethodRefusesAnUnknownVm() {
        try (SimHarness sim = new SimHarness()) {
            String id = sim.create("shop", SimHarness.compose("shop", SHOP), Map.of());
            for (String method : List.of("Info", "SysInfo", "NetworkInfo", "ListContainers", "Shutdown")) {
                assertThat(sim.rpc.guestFails(method, id))
                        .isEqualTo("client error (Connect): Connection reset by peer (os error 104)");
                assertThat(sim.rpc.guestFails(method, "no-such-vm")).isEqualTo("vm not found");
            }
            sim.settle();
            assertThat(sim.rpc.guest("ListContainers", id).get("containers")).hasSize(5);

            sim.rpc.call("StopVm", Map.of("id", id));
            for (String method : List.of("Info", "SysInfo", "NetworkInfo", "ListContainers", "Shutdown")) {
                assertThat(sim.rpc.guestFails(method, id))
                        .isEqualTo("client error (Connect): No such device (os error 19)");
            }
            assertThat(sim.rpc.post("/guest/Info?json", "{\"id\":\"" + id + "\"}").body())
                    .isEqualTo("{\n  \"error\": \"client error (Connect): No such device (os error 19)\"\n}");
        }
    }

    @Test
    void shutdownThroughTheGuestApiPowersTheGuestOff() {
        try (SimHarness sim = new SimHarness()) {
            String id = sim.create("shop", SimHarness.compose("shop", SHOP), Map.of());
            sim.settle();
            assertThat(sim.rpc.post("/guest/Shutdown?json", "{\"id\":\"" + id + "\"}").body()).isEqualTo("null");
            assertThat(sim.brief(id).get("shutdown_progress").asString()).isEqualTo("powering off");
            sim.settle();
            assertThat(sim.brief(id).get("status").asString()).isEqualTo("stopped");
            assertThat(sim.rpc.get("/logs?id=" + id).body()).contains("reboot: Power down");
        }
    }

    @Test
    void onAHeadNodeTheGuestApiNeedsTheTokenLikeEveryRoute() {
        try (SimHarness sim = new SimHarness(b -> b.generation(Generation.HEAD).authToken("s3cret"))) {
            assertThat(sim.rpc.post("/guest/Info?json", "{\"id\":\"x\"}").statusCode()).isEqualTo(401);
            assertThat(sim.rpc.withHeaders(Map.of("Authorization", "Bearer s3cret"))
                    .post("/guest/Info?json", "{\"id\":\"x\"}").statusCode()).isEqualTo(400);
        }
        try (SimHarness sim = new SimHarness(b -> b.generation(Generation.V0_5).authToken("s3cret"))) {
            assertThat(sim.rpc.post("/guest/Info?json", "{\"id\":\"x\"}").statusCode()).isEqualTo(400);
        }
    }
}
