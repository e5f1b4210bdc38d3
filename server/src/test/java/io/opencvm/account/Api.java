package io.opencvm.account;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Test client: real HTTP to the server on loopback, JSON bodies as trees. */
final class Api {

    record Reply(int status, JsonNode json, String body) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    Api(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    Reply get(String path, String key) {
        return send(request(path, key).GET());
    }

    Reply get(String path, String key, String version) {
        return send(request(path, key).header("X-Phala-Version", version).GET());
    }

    Reply post(String path, String key, String json) {
        return send(request(path, key).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply delete(String path, String key) {
        return send(request(path, key).DELETE());
    }

    Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            JsonNode json = body == null || body.isEmpty() ? null : JSON.readTree(body);
            return new Reply(response.statusCode(), json, body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder request(String path, String key) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json");
        return key == null ? builder : builder.header("X-API-Key", key);
    }

    static String json(Object... keyValues) {
        var node = JSON.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            node.putPOJO((String) keyValues[i], keyValues[i + 1]);
        }
        return JSON.writeValueAsString(node);
    }
}
