package io.opencvm.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one HTTP client of the server's tests: real HTTP/1.1 to the test server on loopback, as one caller (an API
 * key, a version, any other header), JSON bodies in and the whole reply out. Each {@code as}/{@code version}/
 * {@code with} returns a new client; the original is unchanged. ({@link RawHttp} sends raw bytes on purpose.)
 */
public final class TestHttp {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    /** No body at all, and no {@code Content-Type} either. */
    public static final Object NO_BODY = new Object();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Status, text and headers of a reply; {@link #json()} parses a JSON body on demand. */
    public record Reply(int status, String body, HttpHeaders headers) {

        /** The body as JSON, or null when it is empty or not JSON. */
        public JsonNode json() {
            boolean json = headers.firstValue("Content-Type").orElse("application/json").contains("json");
            return body == null || body.isBlank() || !json ? null : JSON.readTree(body);
        }

        /** The structured error code, from {@code detail.error_code} or a top-level {@code error_code}. */
        public String errorCode() {
            JsonNode json = json();
            if (json == null) {
                return null;
            }
            JsonNode code = json.at("/detail/error_code");
            return code.isMissingNode() ? json.path("error_code").asString(null) : code.asString();
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public List<String> setCookies() {
            return headers.allValues("Set-Cookie");
        }
    }

    private final int port;
    private final String prefix;
    private final Map<String, String> headers;

    private TestHttp(int port, String prefix, Map<String, String> headers) {
        this.port = port;
        this.prefix = prefix;
        this.headers = Map.copyOf(headers);
    }

    /** A client of the server on {@code port}; paths are absolute ({@code /admin/users}, {@code /api/v1/kms}). */
    public static TestHttp to(int port) {
        return new TestHttp(port, "", Map.of());
    }

    /** The same client with paths relative to {@code /api/v1}. */
    public TestHttp api() {
        return new TestHttp(port, "/api/v1", headers);
    }

    /** The same client calling with {@code apiKey} ({@code X-API-Key}; null: without a key). */
    public TestHttp as(String apiKey) {
        return with("X-API-Key", apiKey);
    }

    /** The same client asking for the shapes of {@code version} ({@code X-Phala-Version}). */
    public TestHttp version(String version) {
        return with("X-Phala-Version", version);
    }

    /** The same client sending one more header on every request (null: without it). */
    public TestHttp with(String header, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        if (value == null) {
            more.remove(header);
        } else {
            more.put(header, value);
        }
        return new TestHttp(port, prefix, more);
    }

    public Reply get(String path) {
        return send("GET", path, NO_BODY);
    }

    /** {@code body}: a map or record (sent as JSON), a string (sent as it is), null (empty) or {@link #NO_BODY}. */
    public Reply post(String path, Object body) {
        return send("POST", path, body);
    }

    public Reply patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    public Reply delete(String path) {
        return send("DELETE", path, NO_BODY);
    }

    public Reply get(String path, String apiKey) {
        return as(apiKey).get(path);
    }

    public Reply post(String path, String apiKey, Object body) {
        return as(apiKey).post(path, body);
    }

    public Reply patch(String path, String apiKey, Object body) {
        return as(apiKey).patch(path, body);
    }

    public Reply delete(String path, String apiKey) {
        return as(apiKey).delete(path);
    }

    public Reply send(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + prefix + path));
        headers.forEach(request::header);
        if (body == NO_BODY) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            if (!headers.containsKey("Content-Type")) {
                request.header("Content-Type", "application/json");
            }
            String text = body == null ? "" : body instanceof String s ? s : JSON.writeValueAsString(body);
            request.method(method, text.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(text));
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The key names of a JSON object, sorted. */
    public static Set<String> keys(JsonNode object) {
        return new TreeSet<>(object.propertyNames());
    }

    /** A JSON object of {@code key, value, key, value…}, as text. */
    public static String json(Object... keyValues) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            node.putPOJO((String) keyValues[i], keyValues[i + 1]);
        }
        return JSON.writeValueAsString(node);
    }
}
