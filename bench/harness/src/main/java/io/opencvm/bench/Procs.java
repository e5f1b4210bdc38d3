package io.opencvm.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every process the benchmark starts goes through here, so that each one is stopped at the end of its
 * phase and, whatever happens (an exception, Ctrl-C, a kill of the JVM by bench/run's timeout), at exit.
 */
final class Procs {

    private static final Set<ProcessHandle> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Procs::killAll, "bench-kill-all"));
    }

    private Procs() {
    }

    /** Starts {@code command} with its output (both streams) written to {@code log}. */
    static Process start(List<String> command, Map<String, String> env, Path log) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            pb.environment().putAll(env);
            Process p = pb.start();
            RUNNING.add(p.toHandle());
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Runs a command to its end within {@code limit}; returns its output; throws when it fails or overruns. */
    static String run(List<String> command, Map<String, String> env, Duration limit) {
        try {
            Path out = Files.createTempFile("bench-cmd-", ".log");
            try {
                Process p = start(command, env, out);
                if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    stop(p);
                    throw new IllegalStateException("timed out after " + limit + ": " + command + "\n" + tail(out));
                }
                RUNNING.remove(p.toHandle());
                String text = Files.readString(out, StandardCharsets.UTF_8);
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("exit " + p.exitValue() + ": " + command + "\n" + tail(out));
                }
                return text;
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }

    /** SIGTERM to the process and its children, SIGKILL after ten seconds. */
    static void stop(Process p) {
        if (p == null) {
            return;
        }
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
        RUNNING.remove(p.toHandle());
    }

    static void killAll() {
        for (ProcessHandle h : RUNNING) {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
        }
        RUNNING.clear();
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
