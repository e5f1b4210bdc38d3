package io.opencvm.vmmsim.node;

import java.time.Duration;

/**
 * Delays of the simulated guest and of the VMM's background work, all configurable because a control plane
 * must not depend on any of them.
 *
 * @param bootStep between two guest boot steps (about ten steps to {@code done})
 * @param failureExit from a boot error to the guest's reboot, i.e. the process ending ({@code exited})
 * @param shutdown from {@code powering off} to the process ending
 * @param remove from {@code RemoveVm} to the VM being gone
 * @param restartTick how often the auto-restart loop looks at exited VMs
 * @param restartInitialBackoff HEAD policy: wait after the first sighting of an exited VM
 * @param restartMaxBackoff HEAD policy: cap of the doubling backoff
 * @param restartMaxRetries HEAD policy: attempts before {@code vmm.auto_restart.exhausted}
 * @param restartResetWindow HEAD policy: continuous running that restores the budget
 */
public record BootTimings(Duration bootStep, Duration failureExit, Duration shutdown, Duration remove,
        Duration restartTick, Duration restartInitialBackoff, Duration restartMaxBackoff, int restartMaxRetries,
        Duration restartResetWindow) {

    /** The standalone default: a boot takes a few seconds, restart policy as dstack's defaults. */
    public static BootTimings standalone() {
        return new BootTimings(Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofMillis(500),
                Duration.ofMillis(500), Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(300), 5,
                Duration.ofSeconds(300));
    }

    /**
     * For tests: every guest step and background action is due immediately (still asynchronous); the restart
     * loop keeps dstack's policy values so tests step through it by advancing the clock.
     */
    public static BootTimings instant() {
        return new BootTimings(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(20),
                Duration.ofSeconds(5), Duration.ofSeconds(300), 5, Duration.ofSeconds(300));
    }

    public BootTimings withRestartTick(Duration tick) {
        return new BootTimings(bootStep, failureExit, shutdown, remove, tick, restartInitialBackoff,
                restartMaxBackoff, restartMaxRetries, restartResetWindow);
    }
}
