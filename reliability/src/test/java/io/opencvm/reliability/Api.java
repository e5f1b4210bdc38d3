package io.opencvm.reliability;

import io.opencvm.vmmsim.prpc.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The opencvm API as a client sees it (X-API-Key, API version 2026-01-21), at one base URL. */
final class Api {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();

    Api(URI base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
    }

    /** {@code POST /api/v1/cvms/{source}/replicas}, on {@code nodeId} when given, with an Idempotency-Key when given. */
    Answer replicate(String source, Long nodeId, String idempotencyKey) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (nodeId != null) {
            body.put("node_id", nodeId);
        }
        HttpRequest.Builder request = request("/api/v1/cvms/" + source + "/replicas")
                .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request.build());
    }

    /** {@code DELETE /api/v1/cvms/{id}}. */
    Answer delete(String cvm) {
        return send(request("/api/v1/cvms/" + cvm).DELETE().build());
    }

    Answer get(String path) {
        return send(request(path).GET().build());
    }

    Answer post(String path, Object body) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)))
                .build());
    }

    /** Provision and commit a small CVM named {@code name} (no env); the commit's JSON (with its vm_uuid). */
    JsonNode deploy(String name) {
        JsonNode provision = require200(post("/api/v1/cvms/provision", Map.of("name", name, "instance_type",
                "tdx.small", "compose_file", Map.of("docker_compose_file", "services:\n  web:\n    image: nginx:1.27\n"))));
        return require200(post("/api/v1/cvms", Map.of("app_id", provision.get("app_id").asString(),
                "compose_hash", provision.get("compose_hash").asString())));
    }

    /** {@code GET /admin/nodes} items (the operator key). */
    JsonNode adminNodes() {
        return require200(get("/admin/nodes")).get("items");
    }

    static JsonNode require200(Answer answer) {
        if (answer instanceof Answer.Reply reply && reply.status() == 200) {
            return reply.json();
        }
        throw new IllegalStateException("expected 200, got " + answer);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("X-API-Key", apiKey).header("X-Phala-Version", "2026-01-21")
                .header("Content-Type", "application/json");
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer.Reply(response.statusCode(), response.body());
        } catch (ConnectException e) {
            return new Answer.NotSent(e.toString());
        } catch (IOException e) {
            return new Answer.NoReply(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer.NoReply("interrupted");
        }
    }
}
