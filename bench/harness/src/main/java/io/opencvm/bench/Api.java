package io.opencvm.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The few API calls the benchmark's setup needs, made with the operator key over loopback HTTP. */
final class Api {

    static final String COMPOSE = "services:\n  web:\n    image: nginx:1.27\n";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String key;

    Api(String base, String key) {
        this.base = base;
        this.key = key;
    }

    JsonNode call(String method, String path, Object body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                    .header("X-API-Key", key).header("Content-Type", "application/json");
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Node ids by name, once every one of {@code count} nodes is online (probed, images known). */
    Map<String, Long> awaitNodesOnline(int count, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        Map<String, Long> ids = new LinkedHashMap<>();
        while (System.nanoTime() < deadline) {
            ids.clear();
            int online = 0;
            for (JsonNode n : call("GET", "/admin/nodes", null).path("items")) {
                ids.put(n.path("name").asString(), n.path("id").asLong());
                online += "online".equals(n.path("status").asString()) ? 1 : 0;
            }
            if (online >= count) {
                return ids;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("nodes not online within " + limit + ": " + ids.size() + " registered");
    }

    /** Capacity so large that no benchmark run fills a node. */
    void makeRoomy(long nodeId) {
        call("PATCH", "/admin/nodes/" + nodeId, Map.of("capacity", Map.of("vcpu", 1_000_000,
                "memory_mb", 2_000_000_000, "disk_gb", 2_000_000_000, "slots", 1_000_000)));
    }

    /** Provisions and commits a CVM on the node (SDK provisionCvm + commitCvmProvision); returns its vm_uuid. */
    String createCvm(String name, long nodeId) {
        Map<String, Object> provision = new HashMap<>();
        provision.put("name", name);
        provision.put("instance_type", "tdx.small");
        provision.put("node_id", nodeId);
        provision.put("compose_file", Map.of("docker_compose_file", COMPOSE, "allowed_envs", List.of()));
        JsonNode p = call("POST", "/api/v1/cvms/provision", provision);
        JsonNode vm = call("POST", "/api/v1/cvms", Map.of("app_id", p.path("app_id").asString(),
                "compose_hash", p.path("compose_hash").asString()));
        return vm.path("vm_uuid").asString();
    }

    /** {@code POST /status/batch}: status by vm_uuid, 100 at a time (the published maximum). */
    Map<String, String> statuses(List<String> vmUuids) {
        Map<String, String> out = new HashMap<>();
        for (int from = 0; from < vmUuids.size(); from += 100) {
            List<String> part = new ArrayList<>(vmUuids.subList(from, Math.min(vmUuids.size(), from + 100)));
            JsonNode r = call("POST", "/api/v1/status/batch", Map.of("vm_uuids", part));
            for (String u : part) {
                out.put(u, r.path(u).path("status").asString(""));
            }
        }
        return out;
    }
}
