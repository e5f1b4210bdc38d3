package io.opencvm.cvm;

import io.opencvm.node.Node;
import io.opencvm.node.NodeService;
import io.opencvm.vmm.VmInfo;
import io.opencvm.vmm.VmmClients;
import io.opencvm.vmm.VmmException;
import io.opencvm.vmm.VmmMessages.StatusResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Follows what the nodes report. Level-triggered: every pass reads the whole truth — for each node
 * with live CVMs one {@code Status} call — records each CVM's observation and re-derives its status;
 * it never depends on what woke it. Runs every {@code opencvm.reconcile.interval} (default PT2S) unless
 * {@code opencvm.reconcile.enabled=false}; {@link #reconcileOnce} runs one pass on demand.
 */
@Component
public class CvmReconciler {

    private static final Logger log = LoggerFactory.getLogger(CvmReconciler.class);

    private final CvmStore store;
    private final CvmLifecycle lifecycle;
    private final NodeService nodes;
    private final VmmClients clients;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final boolean enabled;

    CvmReconciler(CvmStore store, CvmLifecycle lifecycle, NodeService nodes, VmmClients clients, TransactionTemplate tx,
                  Clock clock, @Value("${opencvm.reconcile.enabled:true}") boolean enabled) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.nodes = nodes;
        this.clients = clients;
        this.tx = tx;
        this.clock = clock;
        this.enabled = enabled;
    }

    @Scheduled(fixedDelayString = "${opencvm.reconcile.interval:PT2S}", initialDelayString = "${opencvm.reconcile.interval:PT2S}")
    void scheduledPass() {
        if (!enabled) {
            return;
        }
        try {
            reconcileOnce();
        } catch (RuntimeException e) {
            log.error("reconcile pass failed", e);
        }
    }

    /**
     * One pass over every node that has live CVMs on it, one node's CVMs read at a time: memory follows the
     * largest node, not the fleet.
     */
    public void reconcileOnce() {
        for (long nodeId : store.nodesWithLiveVms()) {
            List<Cvm> cvms = store.liveWithNodeVmOn(nodeId);
            if (!cvms.isEmpty()) {
                reconcileNode(nodeId, cvms);
            }
        }
    }

    private void reconcileNode(long nodeId, List<Cvm> cvms) {
        Optional<Node> node = nodes.find(nodeId);
        if (node.isEmpty()) {
            return;
        }
        Instant asOf = clock.instant();
        StatusResponse status;
        try {
            status = clients.forNode(node.get().settings().vmmUrl(), node.get().settings().vmmToken())
                    .status(cvms.stream().map(c -> c.placement().nodeVmId()).toList(), null);
        } catch (VmmException e) {
            log.debug("node {} did not answer Status: {}", node.get().name(), e.getMessage());
            return;
        }
        Map<String, VmInfo> reported = (status.vms() == null ? List.<VmInfo>of() : status.vms()).stream()
                .collect(Collectors.toMap(VmInfo::id, v -> v, (a, b) -> a));
        for (Cvm cvm : cvms) {
            Observation observed = observe(reported.get(cvm.placement().nodeVmId()), asOf);
            tx.executeWithoutResult(s -> {
                store.applyObservation(cvm.id(), observed);
                lifecycle.refresh(cvm.id(), "node reports " + describe(observed));
            });
        }
    }

    static Observation observe(VmInfo vm, Instant asOf) {
        if (vm == null) {
            return new Observation(Observation.ABSENT, null, null, null, null, null, asOf);
        }
        return new Observation(vm.status(), blankToNull(vm.bootProgress()), blankToNull(vm.bootError()),
                blankToNull(vm.instanceId()), blankToNull(vm.uptime()), blankToNull(vm.appUrl()), asOf);
    }

    private static String describe(Observation o) {
        String text = o.nodeStatus() + (o.bootProgress() == null ? "" : ", boot " + o.bootProgress());
        return o.hasBootError() ? text + ", boot error: " + o.bootError() : text;
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
