package io.opencvm.bench;

import java.nio.file.Path;
import java.time.Duration;

/** Durations and sizes of one benchmark run; {@code --quick} shrinks everything to debug the harness. */
record Config(boolean quick, Path repo, Path outDir, Path serverJar, String simClasspath, String jmhClasspath,
              Duration closed, Duration open, Duration warmup, Duration floor, Duration pgbench, int simNodes,
              int fleetNodes, int cvmsPerNode, int e2eReplicas, int connections, String jdk25Home, boolean skipJmh,
              boolean emptyOnly) {

    static final double[] OPEN_FRACTIONS = {0.25, 0.5, 0.75};
    static final int MANY = 16;
    static final int PGBENCH_SCALE = 32;

    static Config of(boolean quick, Path repo, Path outDir, boolean skipJmh, boolean emptyOnly) {
        String jdk25 = System.getenv().getOrDefault("BENCH_JDK25", "/usr/lib/jvm/temurin-25-jdk-amd64");
        return new Config(quick, repo, outDir, repo.resolve("server/target/opencvm-server.jar"),
                System.getProperty("bench.simClasspath"), System.getProperty("bench.jmhClasspath"),
                seconds(quick, 30, 4), seconds(quick, 15, 3), seconds(quick, 15, 3), seconds(quick, 20, 3),
                seconds(quick, 30, 3), quick ? 10 : 100, quick ? 1_000 : 10_000, quick ? 10 : 100,
                quick ? 100 : 1_000, 32, jdk25, skipJmh, emptyOnly);
    }

    private static Duration seconds(boolean quick, int full, int small) {
        return Duration.ofSeconds(quick ? small : full);
    }

    int fleetCvms() {
        return fleetNodes * cvmsPerNode;
    }
}
