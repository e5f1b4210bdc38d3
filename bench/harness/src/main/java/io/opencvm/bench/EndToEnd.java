package io.opencvm.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import tools.jackson.databind.JsonNode;

/**
 * Replicas to {@code running} end to end: {@code count} replicate requests (32 at a time) spread over
 * the sources and, by {@code node_id}, over every simulated node; then the server's workers create the
 * VMs on the nodes and its reconciler sees them boot. Timed from the first request until the last
 * replica reports {@code running}.
 */
final class EndToEnd {

    record Outcome(int replicas, int nodes, double apiSeconds, double totalSeconds, int notRunning) {

        double perSecond() {
            return totalSeconds <= 0 ? 0 : (replicas - notRunning) / totalSeconds;
        }
    }

    private EndToEnd() {
    }

    static Outcome run(Api api, List<String> sources, List<Long> nodeIds, int count, Duration limit) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<String> uuids = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String source = sources.get(i % sources.size());
                long node = nodeIds.get(i % nodeIds.size());
                futures.add(pool.submit(() -> {
                    JsonNode vm = api.call("POST", "/api/v1/cvms/" + source + "/replicas", Map.of("node_id", node));
                    uuids.add(vm.path("vm_uuid").asString());
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double apiSeconds = (System.nanoTime() - start) / 1e9;
        long deadline = start + limit.toNanos();
        int notRunning = count;
        while (System.nanoTime() < deadline) {
            notRunning = (int) api.statuses(uuids).values().stream().filter(s -> !"running".equals(s)).count();
            if (notRunning == 0) {
                break;
            }
            Thread.sleep(100);
        }
        return new Outcome(count, nodeIds.size(), apiSeconds, (System.nanoTime() - start) / 1e9, notRunning);
    }
}
