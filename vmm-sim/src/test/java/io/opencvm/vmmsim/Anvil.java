package io.opencvm.vmmsim;

import io.opencvm.vmmsim.crypto.Keccak256;
import io.opencvm.vmmsim.prpc.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A real anvil dev chain on a free loopback port, from the binary {@code tools/evm} installs. Transactions are
 * sent with {@code eth_sendTransaction} from {@code eth_accounts[0]}, which anvil signs itself (its dev accounts
 * are unlocked), so no key is handled here. Every wait is bounded; anvil's console (it lists the dev keys) is
 * drained and dropped, never logged. Killed by {@link #close()} or, failing that, a shutdown hook.
 */
public final class Anvil implements AutoCloseable {

    public static final long CHAIN_ID = 31337;
    private static final HexFormat HEX = HexFormat.of();
    private static final Duration RECEIPT_DEADLINE = Duration.ofSeconds(15);

    private final AnvilProcess process;
    private final URI rpcUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String sender;

    private Anvil(AnvilProcess process) {
        this.process = process;
        this.rpcUrl = URI.create(process.rpcUrl());
        this.sender = awaitAccounts();
    }

    public static Anvil start() {
        AnvilProcess process = AnvilProcess.start("--chain-id", Long.toString(CHAIN_ID), "--accounts", "2");
        try {
            return new Anvil(process);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    public URI rpcUrl() {
        return rpcUrl;
    }

    /** {@code eth_accounts[0]}: deploys, owns, and sends every transaction. */
    public String sender() {
        return sender;
    }

    /**
     * Deploys {@code contracts/DstackApp.sol} owned by {@link #sender()}; zero (empty) initial ids are skipped
     * by the constructor. Returns the contract address, which is the app id, as {@code 0x} + 40 lower-case hex.
     */
    public String deployDstackApp(boolean allowAnyDevice, String initialDeviceId, String initialComposeHash) {
        String bytecode = artifact("DstackApp").get("bytecode").asString();
        String data = bytecode + HEX.formatHex(address(sender)) + HEX.formatHex(bool(allowAnyDevice))
                + HEX.formatHex(bytes32(initialDeviceId)) + HEX.formatHex(bytes32(initialComposeHash));
        JsonNode receipt = send(null, data);
        return receipt.get("contractAddress").asString();
    }

    /** Sends {@code signature} with static 32-byte {@code words} to {@code to}; fails unless the receipt succeeded. */
    public JsonNode transact(String to, String signature, byte[]... words) {
        StringBuilder data = new StringBuilder("0x")
                .append(HEX.formatHex(Arrays.copyOf(Keccak256.hash(signature.getBytes(StandardCharsets.US_ASCII)), 4)));
        for (byte[] word : words) {
            data.append(HEX.formatHex(word));
        }
        return send(to, data.toString());
    }

    /** Replaces the code at {@code address} ({@code anvil_setCode}); {@code runtimeHex} is runtime bytecode. */
    public void setCode(String address, String runtimeHex) {
        call("anvil_setCode", List.of(address, runtimeHex));
    }

    /** A 64-hex value as its word (no padding: the tests pass whole hashes and ids). */
    public static byte[] bytes32(String hex) {
        String digits = hex.startsWith("0x") ? hex.substring(2) : hex;
        return HEX.parseHex(digits.isEmpty() ? "0".repeat(64) : digits);
    }

    public static byte[] bool(boolean value) {
        byte[] word = new byte[32];
        word[31] = (byte) (value ? 1 : 0);
        return word;
    }

    public static byte[] address(String address) {
        byte[] word = new byte[32];
        System.arraycopy(HEX.parseHex(address.substring(2)), 0, word, 12, 20);
        return word;
    }

    @Override
    public void close() {
        process.close();
    }

    private JsonNode send(String to, String data) {
        Map<String, String> tx = new LinkedHashMap<>();
        tx.put("from", sender);
        if (to != null) {
            tx.put("to", to);
        }
        tx.put("data", data);
        tx.put("gas", "0x4c4b40");
        String hash = call("eth_sendTransaction", List.of(tx)).asString();
        JsonNode receipt = awaitReceipt(hash);
        if (!"0x1".equals(receipt.path("status").asString(""))) {
            throw new IllegalStateException("transaction " + hash + " failed: " + receipt);
        }
        return receipt;
    }

    private JsonNode awaitReceipt(String txHash) {
        Instant deadline = Instant.now().plus(RECEIPT_DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            JsonNode receipt = call("eth_getTransactionReceipt", List.of(txHash));
            if (!receipt.isNull()) {
                return receipt;
            }
            pause();
        }
        throw new IllegalStateException("no receipt for " + txHash + " within " + RECEIPT_DEADLINE);
    }

    private String awaitAccounts() {
        Instant deadline = Instant.now().plus(AnvilProcess.START_DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            try {
                return call("eth_accounts", List.of()).get(0).asString().toLowerCase(Locale.ROOT);
            } catch (IllegalStateException notYet) {
                pause();
            }
        }
        throw new IllegalStateException("anvil did not answer eth_accounts within " + AnvilProcess.START_DEADLINE);
    }

    /** One JSON-RPC call; a JSON-RPC error or an unreachable anvil throws {@link IllegalStateException}. */
    private JsonNode call(String method, List<?> params) {
        String body = Json.MAPPER.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", method,
                "params", params));
        HttpRequest request = HttpRequest.newBuilder(rpcUrl).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        JsonNode reply;
        try {
            reply = Json.MAPPER.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new IllegalStateException("anvil " + method + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (reply.hasNonNull("error")) {
            throw new IllegalStateException("anvil " + method + ": " + reply.get("error"));
        }
        return reply.get("result");
    }

    private static JsonNode artifact(String name) {
        String resource = "contracts/" + name + ".json";
        try (InputStream in = Anvil.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test classpath; the Maven "
                        + "generate-test-resources phase compiles contracts/*.sol (needs node)");
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(25);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
