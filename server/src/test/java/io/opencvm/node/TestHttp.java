package io.opencvm.node;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP against the test server, with an API key; bodies parsed as JSON. */
public final class TestHttp {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    public record Response(int status, String body, JsonNode json) {
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    public TestHttp(int port) {
        this.port = port;
    }

    public Response get(String path, String key) {
        return send(builder(path, key).GET());
    }

    public Response post(String path, String key, String json) {
        return send(builder(path, key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response patch(String path, String key, String json) {
        return send(builder(path, key).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response delete(String path, String key) {
        return send(builder(path, key).DELETE());
    }

    /** The key names of a JSON object. */
    public static Set<String> keys(JsonNode object) {
        return new TreeSet<>(object.propertyNames());
    }

    private HttpRequest.Builder builder(String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        return key == null ? b : b.header("X-API-Key", key);
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = r.body();
            JsonNode json = body == null || body.isBlank() ? null : JSON.readTree(body);
            return new Response(r.statusCode(), body, json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
