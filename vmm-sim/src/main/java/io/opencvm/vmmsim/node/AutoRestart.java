package io.opencvm.vmmsim.node;

import java.time.Duration;
import java.time.Instant;

/**
 * {@code try_restart_exited_vms}: on every tick, look at VMs that are started but whose process is gone.
 * v0.5 restarts each of them on every tick, forever. HEAD waits the initial backoff after the first sighting,
 * doubles it after each attempt up to the cap, gives up after the retry budget with one
 * {@code vmm.auto_restart.exhausted} event, and restores the budget after a healthy run of the reset window.
 */
final class AutoRestart {

    private final Node node;

    AutoRestart(Node node) {
        this.node = node;
    }

    void scheduleNextTick() {
        node.time.schedule(node.profile.timings().restartTick(), this::tick);
    }

    private void tick() {
        synchronized (node.lock) {
            Instant now = node.time.now();
            for (Vm vm : node.all()) {
                if (vm.removing || !vm.started) {
                    continue;
                }
                if (vm.alive) {
                    restoreBudgetAfterHealthyRun(vm, now);
                } else if (node.profile.generation() == Generation.V0_5) {
                    node.spawn(vm);
                } else {
                    backoffRestart(vm, now);
                }
            }
        }
        scheduleNextTick();
    }

    private void backoffRestart(Vm vm, Instant now) {
        BootTimings timings = node.profile.timings();
        if (vm.restartAttempts >= timings.restartMaxRetries()) {
            if (!vm.restartExhaustedReported) {
                vm.restartExhaustedReported = true;
                node.report(vm, "vmm.auto_restart.exhausted",
                        "Automatic restart stopped after " + vm.restartAttempts + " failed attempts");
            }
            return;
        }
        if (vm.nextRestartAt == null) {
            vm.nextRestartAt = now.plus(timings.restartInitialBackoff());
            return;
        }
        if (now.isBefore(vm.nextRestartAt)) {
            return;
        }
        vm.restartAttempts++;
        Duration wait = timings.restartInitialBackoff().multipliedBy(1L << Math.min(vm.restartAttempts, 20));
        vm.nextRestartAt = now.plus(wait.compareTo(timings.restartMaxBackoff()) > 0 ? timings.restartMaxBackoff() : wait);
        node.spawn(vm);
    }

    private void restoreBudgetAfterHealthyRun(Vm vm, Instant now) {
        if (vm.restartAttempts > 0 && vm.processStartedAt != null
                && !now.isBefore(vm.processStartedAt.plus(node.profile.timings().restartResetWindow()))) {
            vm.resetRestartBudget();
        }
    }
}
