package io.opencvm.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The anvil process that {@code tools/evm} installs, on a free loopback port: found, started, awaited
 * until it listens, and killed by {@link #close()} or, failing that, a shutdown hook. Its console
 * (which lists the dev keys) is drained and dropped, never logged. Shared by the simulator's and the
 * server's chain tests, which each add their own way of talking to the chain.
 */
public final class AnvilProcess implements AutoCloseable {

    public static final Duration START_DEADLINE = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("Listening on ([0-9.]+):(\\d+)");

    private final Process process;
    private final Thread shutdownHook;
    private final int port;

    private AnvilProcess(Process process, int port) {
        this.process = process;
        this.port = port;
        this.shutdownHook = new Thread(process::destroyForcibly, "anvil-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts anvil with {@code args} added to {@code --host 127.0.0.1 --port 0}. */
    public static AnvilProcess start(String... args) {
        List<String> command = new ArrayList<>(List.of(binary().toString(), "--host", "127.0.0.1", "--port", "0"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start anvil", e);
        }
        try {
            return new AnvilProcess(process, awaitListening(process));
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    public String rpcUrl() {
        return "http://127.0.0.1:" + port;
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
            // the hook is running or has run; nothing left to undo
        }
    }

    /** Reads anvil's console until it names its port; the rest of the output is drained and dropped. */
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

    /** The platform binary from tools/evm/node_modules, found by walking up from the working directory. */
    private static Path binary() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("mac") ? "darwin" : "linux";
        String arch = System.getProperty("os.arch").matches("aarch64|arm64") ? "arm64" : "amd64";
        Path relative = Path.of("tools", "evm", "node_modules", "@foundry-rs", "anvil-" + os + "-" + arch,
                "bin", "anvil");
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath()
                + "; the Maven generate-test-resources phase installs it (npm ci in tools/evm)");
    }
}
