package io.opencvm.vmmsim.node;

import io.opencvm.vmmsim.guest.Guest;
import io.opencvm.vmmsim.node.VmmMessages.GuestEvent;
import io.opencvm.vmmsim.node.VmmMessages.VmConfiguration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * One VM as the simulated VMM holds it, split as dstack-vmm splits it: persisted fields (written to
 * {@link VmFile}), the simulated QEMU process, and in-memory guest reports that a VMM restart loses. Only
 * {@link Node} touches it, under its lock.
 */
final class Vm {

    // persisted
    final String id;
    final long createdAtMs;
    VmConfiguration config;
    boolean started;
    boolean removing;
    boolean diskInitialised;
    String instanceIdSeed;
    String instanceId;

    // the simulated process
    boolean alive;
    Instant processStartedAt;
    Instant processStoppedAt;
    int cid;
    /** Incremented whenever a process starts or dies, so stale guest steps of an earlier boot are ignored. */
    long bootGeneration;
    boolean guestAgentUp;

    /** What runs inside: logs, containers, measurements (the logs are files and survive a VMM restart). */
    final Guest guest;

    // in memory only
    String bootProgress = "";
    String bootError = "";
    String shutdownProgress = "";
    final Deque<GuestEvent> events = new ArrayDeque<>();
    Map<String, String> decryptedEnv = Map.of();
    int restartAttempts;
    Instant nextRestartAt;
    boolean restartExhaustedReported;

    Vm(String id, long createdAtMs, VmConfiguration config, int logLines) {
        this.id = id;
        this.createdAtMs = createdAtMs;
        this.config = config;
        this.guest = new Guest(logLines);
    }

    static Vm fromFile(VmFile file, int logLines) {
        Vm vm = new Vm(file.id(), file.createdAtMs(), file.configuration(), logLines);
        vm.started = file.started();
        vm.removing = file.removing();
        vm.diskInitialised = file.diskInitialised();
        vm.instanceIdSeed = file.instanceIdSeed();
        vm.instanceId = file.instanceId();
        return vm;
    }

    VmFile toFile() {
        return new VmFile(id, createdAtMs, config, started, removing, diskInitialised, instanceIdSeed, instanceId);
    }

    VmStatus status() {
        return VmStatus.of(removing, started, alive);
    }

    void addEvent(String event, String body, long timestampMs, int bufferSize) {
        if (body.length() > 4096) {
            return;
        }
        events.addLast(new GuestEvent(event, body, timestampMs));
        while (events.size() > bufferSize) {
            events.removeFirst();
        }
    }

    void resetRestartBudget() {
        restartAttempts = 0;
        nextRestartAt = null;
        restartExhaustedReported = false;
    }
}
