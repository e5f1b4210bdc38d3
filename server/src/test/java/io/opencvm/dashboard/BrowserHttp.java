package io.opencvm.dashboard;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real HTTP to the test server as a browser sends it: the session cookie instead of a key, any header the
 * test adds, and the whole response (headers included) back.
 */
final class BrowserHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Reply(int status, HttpResponse<String> response, JsonNode json) {

        String code() {
            return json == null ? null : json.at("/detail/error_code").asString(null);
        }

        String body() {
            return response.body();
        }

        List<String> setCookies() {
            return response.headers().allValues("Set-Cookie");
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    BrowserHttp(int port) {
        this.port = port;
    }

    /** A request to {@code path} carrying the session cookie {@code cookie} (none when null). */
    HttpRequest.Builder request(String path, String cookie) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        return cookie == null ? b : b.header("Cookie", "opencvm_session=" + cookie);
    }

    HttpRequest.Builder get(String path, String cookie) {
        return request(path, cookie).GET();
    }

    HttpRequest.Builder post(String path, String json, String cookie) {
        return request(path, cookie).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    HttpRequest.Builder delete(String path, String cookie) {
        return request(path, cookie).DELETE();
    }

    Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            boolean json = response.headers().firstValue("Content-Type").orElse("").contains("json");
            return new Reply(response.statusCode(), response, json && !body.isBlank() ? JSON.readTree(body) : null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
