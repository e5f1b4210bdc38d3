package io.opencvm.cvm;

import io.opencvm.node.Node;
import io.opencvm.node.NodeDuty;
import io.opencvm.node.NodeService;
import io.opencvm.node.PerNodeRuns;
import io.opencvm.operation.Operation;
import io.opencvm.operation.OperationQueue;
import io.opencvm.vmm.VmInfo;
import io.opencvm.vmm.VmmClient;
import io.opencvm.vmm.VmmClients;
import io.opencvm.vmm.VmmException;
import io.opencvm.vmm.VmmMessages.StatusResponse;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Follows what the nodes report. Level-triggered: every pass reads the whole truth — for each node one
 * {@code Status} call listing its VMs — records each CVM's observation, re-derives its status and removes VMs
 * of ours that no CVM keeps;
 * it never depends on what woke it. Runs every {@code opencvm.reconcile.interval} (default PT2S) unless
 * {@code opencvm.reconcile.enabled=false}; {@link #reconcileOnce} runs one pass on demand.
 */
@Component
public class CvmReconciler {

    private static final Logger log = LoggerFactory.getLogger(CvmReconciler.class);
    /** The progress dstack-vmm gives a live VM it re-adopted after its own restart. */
    private static final String READOPTED_PROGRESS = "running";

    private final CvmStore store;
    private final CvmLifecycle lifecycle;
    private final NodeService nodes;
    private final VmmClients clients;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final boolean enabled;
    private final OperationQueue operations;
    private final Duration interval;
    private final PerNodeRuns runs;

    CvmReconciler(CvmStore store, CvmLifecycle lifecycle, NodeService nodes, VmmClients clients,
                  OperationQueue operations, TransactionTemplate tx, Clock clock, @Value("${opencvm.reconcile.enabled:true}") boolean enabled,
                  @Value("${opencvm.reconcile.threads:8}") int threads,
                  @Value("${opencvm.reconcile.interval:PT2S}") Duration interval) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.nodes = nodes;
        this.clients = clients;
        this.tx = tx;
        this.clock = clock;
        this.enabled = enabled;
        this.operations = operations;
        this.interval = interval;
        this.runs = new PerNodeRuns("reconcile", threads);
    }

    @Scheduled(fixedDelayString = "${opencvm.reconcile.interval:PT2S}", initialDelayString = "${opencvm.reconcile.interval:PT2S}")
    void scheduledPass() {
        if (!enabled) {
            return;
        }
        try {
            // Each node on its own thread; a node still busy with its last pass (hung, trickling) is skipped.
            // Instances on one database take turns: one of them reconciles a node per interval.
            Instant now = clock.instant();
            for (Node node : nodes.all()) {
                if (nodes.takeTurn(node.id(), NodeDuty.RECONCILE, now, interval)) {
                    runs.submit(node.id(), () -> reconcileNode(node.id()));
                }
            }
        } catch (RuntimeException e) {
            log.error("reconcile pass failed", e);
        }
    }

    /** One pass over every registered node (strays are looked for on all), in parallel; returns when all are done. */
    public void reconcileOnce() {
        Map<Long, Runnable> work = new LinkedHashMap<>();
        nodes.all().forEach(n -> work.put(n.id(), () -> reconcileNode(n.id())));
        runs.runAll(work);
    }

    @PreDestroy
    void close() {
        runs.close();
    }

    /**
     * Each run reads only its own node's CVMs, before asking the node (a VM the node reports whose CVM was read is
     * never taken for a stray): memory follows the largest node and the runs in flight, not the fleet.
     */
    private void reconcileNode(long nodeId) {
        Optional<Node> node = nodes.find(nodeId);
        if (node.isEmpty()) {
            return;
        }
        List<Cvm> cvms = store.liveWithNodeVmOn(nodeId);
        Instant asOf = clock.instant();
        VmmClient vmm = clients.forNode(node.get().settings().vmmUrl(), node.get().settings().vmmToken());
        StatusResponse status;
        try {
            status = vmm.status(List.of(), null); // every VM on the node: ours to observe, and strays to remove
        } catch (VmmException e) {
            log.debug("node {} did not answer Status: {}", node.get().name(), e.getMessage());
            return;
        }
        List<VmInfo> vms = status == null || status.vms() == null ? List.of() : status.vms();
        removeStrays(node.get(), vmm, vms, cvms);
        Map<String, VmInfo> reported = vms.stream().collect(Collectors.toMap(VmInfo::id, v -> v, (a, b) -> a));
        for (Cvm cvm : cvms) {
            Observation observed = remembered(observe(reported.get(cvm.placement().nodeVmId()), asOf),
                    cvm.state().observed());
            tx.executeWithoutResult(s -> {
                store.applyObservation(cvm.id(), observed);
                lifecycle.refresh(cvm.id(), "node reports " + describe(observed));
            });
        }
    }

    /**
     * Removes the VMs of ours ({@code <name>@<vm_uuid>}) that no CVM keeps: a second VM of a CVM that recorded
     * another one (a create that was still under way on the node when a later attempt made the VM, e.g. after a
     * timeout or a worker stopped mid-call), or a VM of a deleted CVM (a create that landed after the delete).
     * Only when no operation of that CVM is under way, so a create in flight is never raced; a VM whose uuid no
     * CVM row has is not ours and is left alone.
     */
    private void removeStrays(Node node, VmmClient vmm, List<VmInfo> vms, List<Cvm> live) {
        Set<String> kept = live.stream().map(c -> c.placement().nodeVmId()).collect(Collectors.toSet());
        Map<String, VmInfo> candidates = new LinkedHashMap<>();
        for (VmInfo vm : vms) {
            int at = vm.name() == null ? -1 : vm.name().lastIndexOf('@');
            if (at >= 0 && at < vm.name().length() - 1 && !kept.contains(vm.id())) {
                candidates.put(vm.id(), vm);
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        Map<String, Cvm> owners = store.byVmUuids(candidates.values().stream()
                .map(vm -> vm.name().substring(vm.name().lastIndexOf('@') + 1)).distinct().toList());
        Map<Long, Operation> latest = operations.latestFor(owners.values().stream().map(Cvm::id).toList());
        for (VmInfo vm : candidates.values()) {
            Cvm owner = owners.get(vm.name().substring(vm.name().lastIndexOf('@') + 1));
            if (owner == null || (latest.get(owner.id()) != null && latest.get(owner.id()).inFlight())) {
                continue;
            }
            boolean deleted = owner.state().desired() == DesiredState.DELETED;
            boolean another = owner.placement().nodeVmId() != null
                    && (!owner.placement().nodeVmId().equals(vm.id()) || owner.nodeId() != node.id());
            if (deleted || another) {
                try {
                    vmm.removeVm(vm.id());
                    log.warn("removed VM {} ({}) from node {}: {}", vm.id(), vm.name(), node.name(),
                            deleted ? "its CVM is deleted" : "its CVM keeps VM " + owner.placement().nodeVmId());
                } catch (VmmException e) {
                    log.debug("node {}: removing stray VM {} failed: {}", node.name(), vm.id(), e.getMessage());
                }
            }
        }
    }

    static Observation observe(VmInfo vm, Instant asOf) {
        if (vm == null) {
            return new Observation(Observation.ABSENT, null, null, null, null, null, asOf);
        }
        return new Observation(vm.status(), blankToNull(vm.bootProgress()), blankToNull(vm.bootError()),
                blankToNull(vm.instanceId()), blankToNull(vm.uptime()), blankToNull(vm.appUrl()), asOf);
    }

    /**
     * dstack-vmm keeps boot progress in memory only: after a VMM restart it re-adopts a live guest with
     * {@code boot_progress} {@code running}. For the same instance the guest's progress is what we saw last,
     * so that is kept (a guest that had booted stays ready; one re-adopted mid-boot goes on from where it was).
     */
    static Observation remembered(Observation now, Observation before) {
        boolean readopted = READOPTED_PROGRESS.equals(now.bootProgress()) && before != null
                && before.bootProgress() != null && !READOPTED_PROGRESS.equals(before.bootProgress())
                && now.instanceId() != null && now.instanceId().equals(before.instanceId())
                && "running".equals(now.nodeStatus()) && "running".equals(before.nodeStatus());
        if (!readopted) {
            return now;
        }
        return new Observation(now.nodeStatus(), before.bootProgress(), now.bootError(), now.instanceId(), now.uptime(),
                now.appUrl(), now.observedAt());
    }

    private static String describe(Observation o) {
        String text = o.nodeStatus() + (o.bootProgress() == null ? "" : ", boot " + o.bootProgress());
        return o.hasBootError() ? text + ", boot error: " + o.bootError() : text;
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
