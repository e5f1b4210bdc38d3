package io.opencvm.vmmsim;

import io.opencvm.vmmsim.crypto.Keccak256;
import io.opencvm.vmmsim.prpc.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private static final Duration START_DEADLINE = Duration.ofSeconds(30);
    private static final Duration RECEIPT_DEADLINE = Duration.ofSeconds(15);
    private static final Pattern LISTENING = Pattern.compile("Listening on ([0-9.]+):(\\d+)");

    private final Process process;
    private final Thread shutdownHook;
    private final URI rpcUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String sender;

    private Anvil(Process process, int port) {
        this.process = process;
        this.rpcUrl = URI.create("http://127.0.0.1:" + port);
        this.shutdownHook = new Thread(process::destroyForcibly, "anvil-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        this.sender = awaitAccounts();
    }

    public static Anvil start() {
        Process process;
        try {
            process = new ProcessBuilder(binary().toString(), "--host", "127.0.0.1", "--port", "0",
                    "--chain-id", Long.toString(CHAIN_ID), "--accounts", "2").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start anvil", e);
        }
        try {
            return new Anvil(process, awaitListening(process));
        } catch (RuntimeException e) {
            process.destroyForcibly();
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
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
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
        Instant deadline = Instant.now().plus(START_DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            try {
                return call("eth_accounts", List.of()).get(0).asString().toLowerCase(java.util.Locale.ROOT);
            } catch (IllegalStateException notYet) {
                pause();
            }
        }
        throw new IllegalStateException("anvil did not answer eth_accounts within " + START_DEADLINE);
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

    /** Reads anvil's console until it names its port; the rest is drained and dropped. */
    private static int awaitListening(Process process) {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread drain = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(2)));
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            port.completeExceptionally(new IllegalStateException("anvil exited before listening"));
        }, "anvil-output");
        drain.setDaemon(true);
        drain.start();
        try {
            return port.get(START_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("anvil did not start listening within " + START_DEADLINE, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("anvil failed to start: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting anvil", e);
        }
    }

    /** The linux/darwin binary under tools/evm/node_modules, found by walking up from the working directory. */
    private static Path binary() {
        String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("mac") ? "darwin" : "linux";
        String arch = System.getProperty("os.arch").matches("aarch64|arm64") ? "arm64" : "amd64";
        Path relative = Path.of("tools", "evm", "node_modules", "@foundry-rs", "anvil-" + os + "-" + arch, "bin", "anvil");
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath()
                + "; the Maven generate-test-resources phase installs it (npm ci in tools/evm)");
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
