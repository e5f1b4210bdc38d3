package io.opencvm.replica;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real HTTP against the test server as one API key (or none): JSON bodies (or raw text, or no body at
 * all) and any extra headers. Replies keep status and text; {@code json()} parses on demand.
 */
final class ReplicaApi {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    record Reply(int status, String body) {

        JsonNode json() {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        }

        /** The structured error code, from {@code detail.error_code} or a top-level {@code error_code}. */
        String errorCode() {
            JsonNode json = json();
            if (json == null) {
                return null;
            }
            JsonNode code = json.at("/detail/error_code");
            return code.isMissingNode() ? json.path("error_code").asString(null) : code.asString();
        }
    }

    /** No body at all (not even {@code Content-Type}). */
    static final Object NO_BODY = new Object();

    private final int port;
    private final String apiKey;
    private final Map<String, String> headers;

    ReplicaApi(int port, String apiKey) {
        this(port, apiKey, Map.of());
    }

    private ReplicaApi(int port, String apiKey, Map<String, String> headers) {
        this.port = port;
        this.apiKey = apiKey;
        this.headers = headers;
    }

    /** The same caller, sending one more header on every request. */
    ReplicaApi with(String header, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(header, value);
        return new ReplicaApi(port, apiKey, more);
    }

    Reply get(String path) {
        return send("GET", path, NO_BODY);
    }

    /** {@code body}: a Map/record (sent as JSON), a String (sent verbatim) or {@link #NO_BODY}. */
    Reply post(String path, Object body) {
        return send("POST", path, body);
    }

    Reply replicate(String cvmId, Object body) {
        return post("/cvms/" + cvmId + "/replicas", body);
    }

    Reply send(String method, String path, Object body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1" + path))
                .header("X-Phala-Version", "2026-01-21");
        if (apiKey != null) {
            b.header("X-API-Key", apiKey);
        }
        headers.forEach(b::header);
        if (body == NO_BODY) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            String text = body instanceof String s ? s : JSON.writeValueAsString(body);
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(text));
        }
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
