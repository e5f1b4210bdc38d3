package io.opencvm.vmmsim.kms;

import io.opencvm.vmmsim.prpc.Json;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads each app's {@code DstackApp} over Ethereum JSON-RPC ({@code eth_call} at {@code latest}); the contract
 * lives at the app id ({@code 0x} + 40 hex). Nothing is cached: every boot reads the chain again, as the real
 * auth-eth webhook does. A view that reverts, or an address without code ({@code 0x} result), reads as
 * {@code false}; an unreachable or misbehaving endpoint throws {@link ChainUnavailable}.
 *
 * <p>The {@code DstackKms} checks ({@link #registeredApp}, {@link #allowedOsImage}) keep the interface
 * defaults, "registered" and "allowed": this project deploys no KMS contract, so there is none to ask.
 */
public final class JsonRpcContractReader implements ContractReader {

    static final String ALLOWED_COMPOSE_HASHES = "0x2f6622e5";
    static final String ALLOWED_DEVICE_IDS = "0xbf8b211b";
    static final String ALLOW_ANY_DEVICE = "0x3440a16a";
    static final String REQUIRE_TCB_UP_TO_DATE = "0x0aa58c83";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final URI rpcUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    private final AtomicLong requestIds = new AtomicLong();

    public JsonRpcContractReader(URI rpcUrl) {
        this.rpcUrl = rpcUrl;
    }

    public URI rpcUrl() {
        return rpcUrl;
    }

    @Override
    public boolean allowedComposeHash(String appId, String composeHash) {
        return view(appId, ALLOWED_COMPOSE_HASHES, EthCallData.bytes32(composeHash));
    }

    @Override
    public boolean allowAnyDevice(String appId) {
        return view(appId, ALLOW_ANY_DEVICE);
    }

    @Override
    public boolean allowedDevice(String appId, String deviceId) {
        return view(appId, ALLOWED_DEVICE_IDS, EthCallData.bytes32(deviceId));
    }

    @Override
    public boolean requireTcbUpToDate(String appId) {
        return view(appId, REQUIRE_TCB_UP_TO_DATE);
    }

    /** One {@code bool} view on the app contract; true only for an ABI word equal to 1. */
    private boolean view(String appId, String selector, byte[]... args) {
        String to = contractAddress(appId);
        Map<String, String> call = Map.of("to", to, "data", EthCallData.encode(selector, args));
        JsonNode reply = post("eth_call", List.of(call, "latest"), to);
        JsonNode error = reply.get("error");
        if (error != null && !error.isNull()) {
            if (reverted(error)) {
                return false;
            }
            throw new ChainUnavailable("eth_call " + selector + " on " + to + " via " + rpcUrl + " answered: "
                    + error.path("message").asString(""), null);
        }
        String result = reply.path("result").asString("");
        String digits = result.startsWith("0x") ? result.substring(2) : result;
        if (digits.length() < 64) {
            return false;
        }
        return new BigInteger(digits.substring(0, 64), 16).equals(BigInteger.ONE);
    }

    private JsonNode post(String method, List<Object> params, String to) {
        Map<String, Object> body = Map.of("jsonrpc", "2.0", "id", requestIds.incrementAndGet(), "method", method,
                "params", params);
        HttpRequest request = HttpRequest.newBuilder(rpcUrl).timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body))).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ChainUnavailable("Ethereum RPC " + rpcUrl + " is unreachable: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChainUnavailable("interrupted while calling " + rpcUrl, e);
        }
        if (response.statusCode() != 200) {
            throw new ChainUnavailable("Ethereum RPC " + rpcUrl + " answered HTTP " + response.statusCode()
                    + " to " + method + " on " + to, null);
        }
        try {
            JsonNode json = Json.MAPPER.readTree(response.body());
            if (json == null || !json.isObject()) {
                throw new ChainUnavailable("Ethereum RPC " + rpcUrl + " sent no JSON-RPC object", null);
            }
            return json;
        } catch (JacksonException e) {
            throw new ChainUnavailable("Ethereum RPC " + rpcUrl + " sent invalid JSON", e);
        }
    }

    /** JSON-RPC code 3 is "execution reverted" (EIP-1474); some nodes only say it in the message. */
    private static boolean reverted(JsonNode error) {
        return error.path("code").asInt(0) == 3 || error.path("message").asString("").contains("revert");
    }

    private static String contractAddress(String appId) {
        String digits = appId.startsWith("0x") || appId.startsWith("0X") ? appId.substring(2) : appId;
        if (!digits.matches("[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException("an app id is 20 bytes of hex, not " + appId);
        }
        return "0x" + digits.toLowerCase(Locale.ROOT);
    }
}
