package io.opencvm.vmm;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * dstack's pRPC transport as the real services serve it: {@code POST <base>/prpc/<Method>?json} with the
 * request as snake_case JSON; 200 with the reply (or {@code null}); every failure HTTP 400
 * {@code {"error": …}}. Used for dstack-vmm nodes and for dstack-kms alike. The timeout bounds the whole
 * exchange, body included: the JDK client's own request timeout ends when the headers arrive, so a node that
 * trickles its reply would otherwise hold the caller for as long as it likes.
 */
public class PrpcChannel {

    static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // pRPC rejects null for repeated fields; an absent field takes its default.
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private final URI base;
    private final String token;
    private final HttpClient http;
    private final Duration timeout;

    public PrpcChannel(URI base, String token, HttpClient http, Duration timeout) {
        this.base = base;
        this.token = token;
        this.http = http;
        this.timeout = timeout;
    }

    public <T> T call(String method, Object request, Class<T> responseType) {
        return callAt("/prpc/", method, request, responseType);
    }

    /**
     * The same transport under another prefix: dstack-vmm proxies the guest agent's API as {@code /guest/<Method>}
     * with {@code {"id": vm}} beside the method's own fields.
     */
    public <T> T callAt(String prefix, String method, Object request, Class<T> responseType) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(prefix + method + "?json"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request == null ? "" : JSON.writeValueAsString(request)));
        if (token != null && !token.isBlank()) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        CompletableFuture<HttpResponse<String>> exchange =
                http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString());
        try {
            response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new VmmException(VmmException.Kind.UNREACHABLE, method + " timed out after " + timeout, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw new VmmException(VmmException.Kind.UNREACHABLE, method + " timed out after " + timeout, cause);
            }
            throw new VmmException(VmmException.Kind.UNREACHABLE, method + " failed: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new VmmException(VmmException.Kind.UNREACHABLE, method + " interrupted", e);
        }
        return decode(method, response, responseType);
    }

    private static <T> T decode(String method, HttpResponse<String> response, Class<T> type) {
        int status = response.statusCode();
        try {
            if (status == 200) {
                String body = response.body();
                return body == null || body.isBlank() ? null : JSON.readValue(body, type);
            }
            if (status == 400) {
                JsonNode error = JSON.readTree(response.body()).get("error");
                String text = error == null ? response.body() : error.asString();
                throw new VmmException(VmmException.Kind.REJECTED, text, null);
            }
        } catch (JacksonException e) {
            throw new VmmException(VmmException.Kind.PROTOCOL, method + " answered a body that is not pRPC JSON", e);
        }
        if (status == 401) {
            throw new VmmException(VmmException.Kind.UNAUTHORIZED, method + " was refused: node token missing or wrong", null);
        }
        throw new VmmException(VmmException.Kind.PROTOCOL, method + " answered HTTP " + status, null);
    }
}
