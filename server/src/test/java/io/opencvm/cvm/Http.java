package io.opencvm.cvm;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A tiny HTTP client for tests: JSON in, status and JSON out, with the API key and version headers. */
final class Http {

    static final JsonMapper JSON = JsonMapper.builder().build();

    record Reply(int status, String body) {
        JsonNode json() {
            return body == null || body.isEmpty() ? null : JSON.readTree(body);
        }
    }

    private final HttpClient client = HttpClient.newHttpClient();
    private final int port;
    private final String base;
    private final String apiKey;
    private final String version;

    Http(int port, String apiKey, String version) {
        this.port = port;
        this.base = "http://127.0.0.1:" + port + "/api/v1";
        this.apiKey = apiKey;
        this.version = version;
    }

    Http version(String v) {
        return new Http(port, apiKey, v);
    }

    Reply get(String path) {
        return send("GET", path, null);
    }

    Reply post(String path, Object body) {
        return send("POST", path, body);
    }

    Reply delete(String path) {
        return send("DELETE", path, null);
    }

    /** POST with one extra header (e.g. {@code X-Prepare-Only: true}). */
    Reply post(String path, Object body, String header, String value) {
        return send("POST", path, body, header, value);
    }

    Reply send(String method, String path, Object body) {
        return send(method, path, body, null, null);
    }

    private Reply send(String method, String path, Object body, String header, String headerValue) {
        String text = body == null ? "" : body instanceof String s ? s : JSON.writeValueAsString(body);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .header("X-API-Key", apiKey)
                .method(method, text.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
        if (version != null) {
            b.header("X-Phala-Version", version);
        }
        if (header != null) {
            b.header(header, headerValue);
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
