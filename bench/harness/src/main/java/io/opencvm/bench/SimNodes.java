package io.opencvm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standalone node simulator ({@code io.opencvm.vmmsim.Main}) as its own process: {@code count} nodes
 * and one dev KMS on loopback, boot step zero, reached by the server only over HTTP.
 */
final class SimNodes implements AutoCloseable {

    record SimNode(String name, String url) {
    }

    private static final Pattern KMS = Pattern.compile("^kms (http://\\S+) .*$", Pattern.MULTILINE);
    private static final Pattern NODE = Pattern.compile("^node (\\S+) (http://\\S+) .*$", Pattern.MULTILINE);

    private final Process process;
    private final String kmsUrl;
    private final List<SimNode> nodes;

    private SimNodes(Process process, String kmsUrl, List<SimNode> nodes) {
        this.process = process;
        this.kmsUrl = kmsUrl;
        this.nodes = nodes;
    }

    static SimNodes start(String classpath, int count, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Bench.javaBin(null), "-Xmx1g", "-XX:+UseSerialGC",
                "-cp", classpath, "io.opencvm.vmmsim.Main", "--boot-step-ms", "0"));
        for (int i = 1; i <= count; i++) {
            command.add("--node");
            command.add("sim-" + i + ":0");
        }
        Process p = Procs.start(command, Map.of(), log);
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            Matcher k = KMS.matcher(text);
            List<SimNode> found = new ArrayList<>();
            Matcher n = NODE.matcher(text);
            while (n.find()) {
                found.add(new SimNode(n.group(1), n.group(2).replaceAll("/$", "")));
            }
            if (k.find() && found.size() == count) {
                return new SimNodes(p, k.group(1).replaceAll("/$", ""), List.copyOf(found));
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("vmm-sim exited:\n" + Procs.tail(log));
            }
            Thread.sleep(200);
        }
        Procs.stop(p);
        throw new IllegalStateException("vmm-sim did not print " + count + " nodes:\n" + Procs.tail(log));
    }

    String kmsUrl() {
        return kmsUrl;
    }

    List<SimNode> nodes() {
        return nodes;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        Procs.stop(process);
    }
}
