package io.opencvm.node;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opencvm.vmm.VmmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Probes every node on a schedule ({@code opencvm.nodes.probe-interval}, default 10 s): a node that
 * answers {@code Version}, {@code GetMeta} and {@code ListImages} is online, with its version, images and
 * (when reported) device id recorded; after {@code opencvm.nodes.offline-after} (default 2) consecutive
 * failures it is offline. Transitions are logged once. Metrics: gauge {@code opencvm.nodes{status}},
 * counter {@code opencvm.nodes.probe.failures{kind}}.
 */
@Component
public class NodeProber implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(NodeProber.class);

    private final NodeStore store;
    private final NodeProbe probe;
    private final Clock clock;
    private final MeterRegistry meters;
    private final TransactionTemplate tx;
    private final int offlineAfter;
    private final Duration probeInterval;
    private final PerNodeRuns runs = new PerNodeRuns("node-probe", 8);
    private final Map<NodeStatus, AtomicInteger> counts = new EnumMap<>(NodeStatus.class);

    NodeProber(NodeStore store, NodeProbe probe, Clock clock, MeterRegistry meters, PlatformTransactionManager txm,
               @Value("${opencvm.nodes.offline-after:2}") int offlineAfter,
               @Value("${opencvm.nodes.probe-interval:PT10S}") Duration probeInterval) {
        this.store = store;
        this.probe = probe;
        this.clock = clock;
        this.meters = meters;
        this.tx = new TransactionTemplate(txm);
        this.offlineAfter = Math.max(1, offlineAfter);
        this.probeInterval = probeInterval;
        for (NodeStatus status : NodeStatus.values()) {
            AtomicInteger count = new AtomicInteger();
            counts.put(status, count);
            Gauge.builder("opencvm.nodes", count, AtomicInteger::get).tag("status", status.wire())
                    .description("Registered nodes by reachability").register(meters);
        }
    }

    @Scheduled(fixedDelayString = "${opencvm.nodes.probe-interval:PT10S}",
            initialDelayString = "${opencvm.nodes.probe-interval:PT10S}")
    void scheduledRound() {
        try {
            // Each node on its own: a node still busy with its last probe (hung, trickling) is skipped, and
            // nobody waits for it. Instances on one database take turns: one of them probes a node per interval.
            Instant now = clock.instant();
            for (Node node : store.all()) {
                if (store.takeTurn(node.id(), NodeDuty.PROBE, now, NodeDuty.turnCutoff(now, probeInterval))) {
                    runs.submit(node.id(), () -> probeOne(node));
                }
            }
        } catch (RuntimeException e) {
            log.warn("node probe round failed: {}", e.toString());
        }
    }

    /** One probe round over every registered node, in parallel; returns when all are recorded. */
    public synchronized void probeAll() {
        Map<Long, Runnable> probes = new LinkedHashMap<>();
        for (Node node : store.all()) {
            probes.put(node.id(), () -> probeOne(node));
        }
        runs.runAll(probes);
    }

    private void probeOne(Node node) {
        try {
            recordSuccess(node, probe.probe(node));
        } catch (VmmException e) {
            recordFailure(node, e);
        }
        refreshCounts();
    }

    private void recordSuccess(Node node, NodeReport report) {
        String deviceId = report.deviceId() != null ? report.deviceId() : node.deviceId();
        String ppid = report.ppid() != null ? clip(report.ppid(), 64) : node.facts().ppid();
        String fmspc = report.fmspc() != null ? clip(report.fmspc(), 32) : node.facts().fmspc();
        tx.executeWithoutResult(s -> {
            store.recordReachable(node.id(), clip(report.version(), 128), deviceId, ppid, fmspc,
                    report.gatewayDomain() == null ? null : clip(report.gatewayDomain(), 255), clock.instant());
            if (!report.images().equals(node.images())) {
                store.replaceImages(node.id(), report.images());
            }
        });
        if (node.status() != NodeStatus.ONLINE) {
            log.info("node {} is online ({}, {} image(s))", node.name(), report.version(), report.images().size());
        }
    }

    private void recordFailure(Node node, VmmException e) {
        meters.counter("opencvm.nodes.probe.failures", "kind", e.kind().name().toLowerCase(Locale.ROOT)).increment();
        String error = clip(e.kind() + ": " + e.getMessage(), 1024);
        int failures = store.recordUnreachable(node.id(), error, offlineAfter, clock.instant());
        if (failures >= offlineAfter && node.status() != NodeStatus.OFFLINE) {
            log.warn("node {} is offline after {} failed probe(s): {}", node.name(), failures, error);
        } else {
            log.debug("node {} probe failed ({} in a row): {}", node.name(), failures, error);
        }
    }

    private void refreshCounts() {
        Map<NodeStatus, Integer> now = new EnumMap<>(NodeStatus.class);
        for (Node node : store.all()) {
            now.merge(node.status(), 1, Integer::sum);
        }
        counts.forEach((status, count) -> count.set(now.getOrDefault(status, 0)));
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    @Override
    public void destroy() {
        runs.close();
    }
}
