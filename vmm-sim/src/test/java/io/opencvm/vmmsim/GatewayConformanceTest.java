package io.opencvm.vmmsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.vmmsim.prpc.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * The simulated gateway in front of the guest agents: {@code <gateway>/<id>-8090/…} (and the real host form by
 * {@code Host}) reaches {@code /logs/<container>}, {@code /metrics} and the dashboard, as the agent serves them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GatewayConformanceTest {

    private static final String SHOP = SimHarness.compose("shop",
            "services:\n  web:\n    image: nginx:1.27\n  cache:\n    image: redis:7\n");

    @Test
    void getMetaNamesTheGatewayAndContainerLogsComeThroughItByInstanceOrAppId() {
        try (SimHarness sim = new SimHarness()) {
            String id = sim.create("shop", SHOP, Map.of());
            sim.settle();
            sim.advance(Duration.ofSeconds(30));
            JsonNode meta = sim.rpc.call("GetMeta", Map.of());
            assertThat(meta.get("gateway_loopback_url").asString()).isEqualTo(sim.node.gatewayUri().toString());
            assertThat(meta.get("gateway").get("base_domain").asString()).isEqualTo("node-a.apps.opencvm.local");
            assertThat(meta.get("gateway").get("agent_port").asInt()).isEqualTo(8090);
            JsonNode vm = sim.brief(id);

            String byInstance = gateway(sim).get("/" + vm.get("instance_id").asString()
                    + "-8090/logs/dstack-web-1?text&bare").body();
            assertThat(byInstance.lines().toList()).startsWith(
                    "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration")
                    .contains("2026/08/07 10:00:00 [notice] 1#1: nginx/1.27.3")
                    .endsWith("10.4.0.1 - - [07/Aug/2026:10:00:30 +0000] \"GET / HTTP/1.1\" 200 615 \"-\" "
                            + "\"dstack-gateway-healthcheck\" \"-\"");
            assertThat(gateway(sim).get("/" + vm.get("app_id").asString() + "-8090/logs/dstack-web-1?text&bare")
                    .body()).isEqualTo(byInstance);
        }
    }

    @Test
    void containerLogsAreJsonLinesWithBase64MessagesUnlessTextOrBare() {
        try (SimHarness sim = new SimHarness()) {
            String agent = agentRoot(sim, sim.create("shop", SHOP, Map.of()));
            sim.advance(Duration.ofSeconds(20));
            List<String> lines = gateway(sim).get(agent + "/logs/dstack-cache-1?tail=2").body().lines().toList();
            assertThat(lines).hasSize(2);
            JsonNode first = Json.MAPPER.readTree(lines.get(0));
            assertThat(first.propertyNames()).containsExactly("channel", "message");
            assertThat(first.get("channel").asString()).isEqualTo("stdout");
            assertThat(new String(Base64.getDecoder().decode(first.get("message").asString()), StandardCharsets.UTF_8))
                    .isEqualTo("1:M 07 Aug 2026 10:00:10.000 * 1 changes in 3600 seconds. Saving...\n");

            JsonNode text = Json.MAPPER.readTree(gateway(sim).get(agent + "/logs/dstack-web-1?text&tail=1").body());
            assertThat(text.get("message").asString()).startsWith("10.4.0.1 - - [07/Aug/2026:10:00:20 +0000]");
            List<String> stderr = gateway(sim).get(agent + "/logs/dstack-web-1?text").body().lines()
                    .map(Json.MAPPER::readTree).filter(l -> l.get("channel").asString().equals("stderr"))
                    .map(l -> l.get("message").asString()).toList();
            assertThat(stderr).hasSize(3).allMatch(m -> m.contains("[notice] 1#1:"));
        }
    }

    @Test
    void sinceUntilTailAndTimestampsSelectAndDecorateLinesAsDockerDoes() {
        try (SimHarness sim = new SimHarness()) {
            String agent = agentRoot(sim, sim.create("shop", SHOP, Map.of()));
            sim.advance(Duration.ofMinutes(10));
            String logs = agent + "/logs/dstack-web-1?text&bare&timestamps";
            List<String> all = gateway(sim).get(logs).body().lines().toList();
            assertThat(all).hasSize(7 + 60);
            assertThat(all.get(0)).startsWith("2026-08-07T10:00:00.000000000Z /docker-entrypoint.sh:");
            assertThat(gateway(sim).get(logs + "&since=1m").body().lines()).hasSize(7);
            assertThat(gateway(sim).get(logs + "&since=1786097100&until=1786097160").body().lines())
                    .hasSize(6).allMatch(l -> l.startsWith("2026-08-07T10:05:"));
            assertThat(gateway(sim).get(logs + "&tail=5").body().lines().toList()).isEqualTo(all.subList(62, 67));
            assertThat(gateway(sim).get(logs + "&tail=all").body().lines()).hasSize(67);
            assertThat(gateway(sim).get(agent + "/logs/dstack-web-1?since=yesterday").body())
                    .isEqualTo("{\"error\":\"Invalid since\"}");
        }
    }

    @Test
    void followStreamsNewContainerLinesAndEndsWhenTheVmStops() {
        try (SimHarness sim = new SimHarness()) {
            String id = sim.create("shop", SHOP, Map.of());
            String agent = agentRoot(sim, id);
            URI follow = sim.node.gatewayUri().resolve(agent + "/logs/dstack-web-1?text&bare&follow&tail=1");
            try (HttpLines lines = HttpLines.open(follow)) {
                assertThat(lines.next()).contains("start worker processes");
                sim.advance(Duration.ofSeconds(10));
                assertThat(lines.next()).contains("\"GET /health HTTP/1.1\" 200");
                sim.advance(Duration.ofSeconds(10));
                assertThat(lines.next()).contains("\"GET /health HTTP/1.1\" 200");
                sim.rpc.call("StopVm", Map.of("id", id));
                assertThat(lines.hasNext()).isFalse();
            }
        }
    }

    @Test
    void refusalsLookLikeTheAgentsAndTheGateways() {
        try (SimHarness sim = new SimHarness()) {
            String id = sim.create("shop", SHOP, Map.of());
            String agent = agentRoot(sim, id);
            String instance = sim.brief(id).get("instance_id").asString();
            assertThat(gateway(sim).get(agent + "/logs/nope").body())
                    .isEqualTo("{\"error\":\"Docker responded with status code 404: No such container: nope\"}");
            assertThat(gateway(sim).get("/" + "0".repeat(40) + "-8090/").statusCode()).isEqualTo(404);
            assertThat(gateway(sim).get("/not-an-id/").statusCode()).isEqualTo(404);
            assertThat(gateway(sim).get("/" + instance + "-80/").statusCode()).isEqualTo(502);
            assertThat(gateway(sim).get("/" + instance + "/").statusCode()).isEqualTo(502);

            String quiet = sim.create("quiet", SHOP.replace("\"public_logs\":true", "\"public_logs\":false")
                    .replace("\"public_sysinfo\":true", "\"public_sysinfo\":false"), Map.of());
            String quietAgent = agentRoot(sim, quiet);
            assertThat(gateway(sim).get(quietAgent + "/logs/dstack-web-1").statusCode()).isEqualTo(404);
            assertThat(gateway(sim).get(quietAgent + "/metrics").statusCode()).isEqualTo(404);
            assertThat(gateway(sim).get(quietAgent + "/").statusCode()).isEqualTo(200);

            sim.rpc.call("StopVm", Map.of("id", id));
            assertThat(gateway(sim).get(agent + "/").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void metricsAndTheDashboardDescribeTheGuest() {
        try (SimHarness sim = new SimHarness()) {
            String agent = agentRoot(sim, sim.create("shop", SHOP, Map.of("vcpu", 3)));
            String metrics = gateway(sim).get(agent + "/metrics").body();
            assertThat(metrics).contains("# TYPE system_num_cpus gauge\nsystem_num_cpus 3\n")
                    .contains("system_os_name{os_name=\"DStack\"} 1")
                    .contains("disk_total_size{name=\"overlay\", mount_point=\"/\"}");
            var dashboard = gateway(sim).get(agent + "/");
            assertThat(dashboard.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(dashboard.body()).contains("<title>Worker Information</title>").contains("/dstack-web-1")
                    .contains("redis:7").contains("&quot;rtmr3&quot;");
        }
    }

    @Test
    void theRealHostFormRoutesByHostHeader() throws IOException {
        try (SimHarness sim = new SimHarness()) {
            String id = sim.create("shop", SHOP, Map.of());
            sim.settle();
            String host = sim.brief(id).get("instance_id").asString() + "-8090.node-a.apps.opencvm.local";
            try (Socket socket = new Socket("127.0.0.1", sim.node.gatewayUri().getPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(("GET /logs/dstack-web-1?text&bare&tail=1 HTTP/1.1\r\nHost: " + host
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(response).startsWith("HTTP/1.1 200").contains("start worker processes");
            }
        }
    }

    private static RpcClient gateway(SimHarness sim) {
        return new RpcClient(sim.node.gatewayUri());
    }

    /** Boots the VM and returns its agent's loopback root, {@code /<instance_id>-8090}. */
    private static String agentRoot(SimHarness sim, String vmId) {
        sim.settle();
        return "/" + sim.brief(vmId).get("instance_id").asString() + "-8090";
    }
}
