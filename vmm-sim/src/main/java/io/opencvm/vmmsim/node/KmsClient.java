package io.opencvm.vmmsim.node;

import io.opencvm.vmmsim.prpc.Json;
import io.opencvm.vmmsim.prpc.RpcError;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** pRPC calls from the node to a KMS: the VMM's key proxy and the simulated guest's key request. */
final class KmsClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** POSTs {@code <kmsUrl>/prpc/<method>?json}; a KMS error comes back as its own error text. */
    JsonNode call(String kmsUrl, String method, Map<String, ?> body) {
        String base = kmsUrl.endsWith("/") ? kmsUrl.substring(0, kmsUrl.length() - 1) : kmsUrl;
        URI uri;
        try {
            uri = URI.create(base + "/prpc/" + method + "?json");
        } catch (IllegalArgumentException e) {
            throw new RpcError("Invalid KMS URL: " + kmsUrl);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body))).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RpcError("Failed to send request to " + uri + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcError("interrupted");
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(response.body());
        } catch (JacksonException e) {
            throw new RpcError("Invalid response from KMS: HTTP " + response.statusCode());
        }
        if (response.statusCode() != 200) {
            JsonNode error = json == null ? null : json.get("error");
            throw new RpcError(error == null ? "KMS returned HTTP " + response.statusCode() : error.asString());
        }
        return json;
    }
}
