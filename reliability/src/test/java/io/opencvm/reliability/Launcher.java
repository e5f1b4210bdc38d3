package io.opencvm.reliability;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts every child process of a harness, so that none outlives it: each is started from one thread that lives
 * as long as the harness JVM, under {@code setpriv --pdeathsig KILL} (Linux sends SIGKILL to a child when the
 * thread that started it dies, i.e. when the harness JVM dies however it dies), and a shutdown hook kills what is
 * still running on a normal exit.
 */
final class Launcher {

    private static final ExecutorService STARTER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "reliability-launcher");
        t.setDaemon(true);
        return t;
    });
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    private static final boolean SETPRIV = Files.isExecutable(Path.of("/usr/bin/setpriv"));

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    private Launcher() {
    }

    /**
     * Starts {@code command} with {@code env} added to this JVM's environment, stdin a pipe (closing it tells a
     * child that reads it to stop), stdout and stderr appended to {@code log} under a header line.
     */
    static Process start(List<String> command, Map<String, String> env, Path workDir, Path log, String header) {
        List<String> full = new ArrayList<>();
        if (SETPRIV) {
            full.addAll(List.of("/usr/bin/setpriv", "--pdeathsig", "KILL", "--"));
        }
        full.addAll(command);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Files.writeString(log, "\n===== " + Instant.now() + " " + header + " =====\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder builder = new ProcessBuilder(full).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        Future<Process> started = STARTER.submit(builder::start);
        try {
            Process process = started.get();
            RUNNING.add(process);
            process.onExit().thenRun(() -> RUNNING.remove(process));
            return process;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot start " + command, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + command, e);
        }
    }

    /** The {@code java} of this JVM. */
    static String java() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }

    /** A free TCP port on 127.0.0.1 (free now; the caller binds it soon after). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    /** Sends {@code signal} (e.g. {@code STOP}, {@code CONT}) to {@code pid} with kill(1). */
    static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed: "
                        + new String(kill.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
