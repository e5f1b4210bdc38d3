package io.opencvm.vmmsim;

import io.opencvm.vmmsim.prpc.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A plain HTTP client for tests: every call crosses the real loopback protocol. */
public final class RpcClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base;
    private final Map<String, String> headers;

    public RpcClient(URI base) {
        this(base, Map.of());
    }

    public RpcClient(URI base, Map<String, String> headers) {
        this.base = base;
        this.headers = headers;
    }

    public RpcClient withHeaders(Map<String, String> extra) {
        return new RpcClient(base, extra);
    }

    /** POST {@code /prpc/<path>?json}; asserts nothing, returns the raw response. */
    public HttpResponse<String> post(String pathAndQuery, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    public HttpResponse<String> get(String pathAndQuery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).GET();
        headers.forEach(request::header);
        return send(request.build());
    }

    /** Calls a method in JSON mode and requires HTTP 200. */
    public JsonNode call(String method, Object body) {
        String json = body instanceof String s ? s : Json.MAPPER.writeValueAsString(body);
        HttpResponse<String> response = post("/prpc/" + method + "?json", json);
        if (response.statusCode() != 200) {
            throw new AssertionError(method + " -> " + response.statusCode() + " " + response.body());
        }
        return Json.MAPPER.readTree(response.body());
    }

    /** Calls a method of the proxied guest API ({@code POST /guest/<method>?json}) and requires HTTP 200. */
    public JsonNode guest(String method, String vmId) {
        HttpResponse<String> response = post("/guest/" + method + "?json", "{\"id\":\"" + vmId + "\"}");
        if (response.statusCode() != 200) {
            throw new AssertionError("guest " + method + " -> " + response.statusCode() + " " + response.body());
        }
        return Json.MAPPER.readTree(response.body());
    }

    /** Calls a guest API method and requires HTTP 400; returns the error text. */
    public String guestFails(String method, String vmId) {
        HttpResponse<String> response = post("/guest/" + method + "?json", "{\"id\":\"" + vmId + "\"}");
        if (response.statusCode() != 400) {
            throw new AssertionError("guest " + method + " expected 400 but got " + response.statusCode() + " "
                    + response.body());
        }
        return Json.MAPPER.readTree(response.body()).get("error").asString();
    }

    /** Calls a method in JSON mode and requires HTTP 400; returns the error text. */
    public String callFails(String method, Object body) {
        String json = body instanceof String s ? s : Json.MAPPER.writeValueAsString(body);
        HttpResponse<String> response = post("/prpc/" + method + "?json", json);
        if (response.statusCode() != 400) {
            throw new AssertionError(method + " expected 400 but got " + response.statusCode() + " " + response.body());
        }
        return Json.MAPPER.readTree(response.body()).get("error").asString();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
