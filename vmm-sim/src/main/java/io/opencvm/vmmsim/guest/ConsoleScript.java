package io.opencvm.vmmsim.guest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text of a simulated dstack guest's serial console: kernel messages with their uptime stamps, systemd's
 * coloured status lines, and the output of {@code dstack-prepare} and {@code app-compose.sh}, which dstack sends
 * to the console ({@code StandardOutput=journal+console}). Never contains env values or keys.
 */
final class ConsoleScript {

    private static final String OK = "[\u001b[0;32m  OK  \u001b[0m] ";
    private static final String FAILED = "[\u001b[0;1;31mFAILED\u001b[0m] ";

    private ConsoleScript() {
    }

    /** Kernel and early systemd lines, from power-on to {@code dstack-prepare} starting. */
    static List<String> kernel(GuestFacts f, Instant bootedAt, Instant now) {
        List<String> out = new ArrayList<>();
        out.add(stamp(0) + "Linux version 6.9.0-dstack (oe-user@oe-host) (x86_64-dstack-linux-gcc (GCC) 13.3.0,"
                + " GNU ld (GNU Binutils) 2.42.0) #1 SMP PREEMPT_DYNAMIC");
        out.add(stamp(0) + "Command line: " + f.kernelCmdline());
        out.add(stamp(0) + "tdx: Guest detected");
        out.add(stamp(0.004) + "Memory: " + f.memoryMb() * 1024 + "K available");
        out.add(stamp(0.118) + "smpboot: Allowing " + f.vcpu() + " CPUs, 0 hotplug CPUs");
        out.add(stamp(0.932) + "virtio_blk virtio1: [vda] " + f.diskGb() * 2097152 + " 512-byte logical blocks");
        out.add(stamp(1.204) + "Run /init as init process");
        out.add("");
        out.add("Welcome to \u001b[1mDStack " + f.imageVersion() + " (scarthgap)\u001b[0m!");
        out.add("");
        out.add(OK + "Reached target \u001b[0;1;39mLocal File Systems\u001b[0m.");
        out.add(OK + "Started \u001b[0;1;39mchronyd.service\u001b[0m - NTP client/server.");
        out.add("         Starting \u001b[0;1;39mdstack-prepare.service\u001b[0m - dstack Guest Preparation Service...");
        return out;
    }

    /** What {@code dstack-prepare} prints when it reports a boot step. */
    static List<String> progress(String step, GuestFacts f, Instant bootedAt, Instant now) {
        String at = stamp(Duration.between(bootedAt, now).toMillis() / 1000.0);
        return switch (step) {
            case "requesting app keys" -> f.keyProvider().equals("kms")
                    ? List.of("dstack-prepare.sh[412]: Requesting app keys from KMS " + String.join(", ", f.kmsUrls()))
                    : List.of("dstack-prepare.sh[412]: Using key provider: " + f.keyProvider());
            case "initializing data disk" -> List.of(
                    "dstack-prepare.sh[412]: Initializing data disk /dev/vdb (LUKS2, zfs)",
                    at + "zfs: module license 'CDDL' taints kernel.");
            case "mounting data disk" -> List.of("dstack-prepare.sh[412]: Mounting data disk /dev/vdb (LUKS2, zfs)");
            case "data disk ready" -> List.of("dstack-prepare.sh[412]: Data disk ready at /dstack/persistent");
            case "setting up dstack-gateway" -> f.gatewayEnabled()
                    ? List.of("dstack-prepare.sh[412]: Setting up dstack-gateway",
                            at + "wireguard: WireGuard 1.0.0 loaded. See www.wireguard.com for information.")
                    : List.of("dstack-prepare.sh[412]: dstack-gateway is disabled");
            case "setting up docker" -> List.of(OK + "Finished \u001b[0;1;39mdstack-prepare.service\u001b[0m"
                            + " - dstack Guest Preparation Service.",
                    OK + "Started \u001b[0;1;39mdocker.service\u001b[0m - Docker Application Container Engine.",
                    OK + "Started \u001b[0;1;39mdstack-guest-agent.service\u001b[0m - dstack Guest Agent Service.");
            case "init-script" -> List.of("dstack-prepare.sh[412]: Running init script");
            case "pre-launch" -> List.of("Running pre-launch script");
            case "running main script" -> List.of("Running main script");
            case "done" -> List.of(OK + "Finished \u001b[0;1;39mapp-compose.service\u001b[0m - App Compose Service.",
                    OK + "Reached target \u001b[0;1;39mMulti-User System\u001b[0m.");
            default -> List.of();
        };
    }

    /** {@code app-compose.sh} with the docker-compose runner: Compose's progress per container. */
    static List<String> composeUp(List<String> containerNames, boolean created) {
        List<String> out = new ArrayList<>();
        out.add("Starting containers with runner=docker-compose snapshotter=overlayfs");
        for (String name : containerNames) {
            if (created) {
                out.add(" Container " + name + "  Creating");
                out.add(" Container " + name + "  Created");
            }
            out.add(" Container " + name + "  Starting");
            out.add(" Container " + name + "  Started");
        }
        out.add("Pruning unused Docker images and volumes");
        out.add("Total reclaimed space: 0B");
        return out;
    }

    static List<String> composeFailed(String reason) {
        return List.of("Starting containers with runner=docker-compose snapshotter=overlayfs", reason,
                FAILED + "Failed to start \u001b[0;1;39mapp-compose.service\u001b[0m - App Compose Service.");
    }

    /** A failed {@code dstack-prepare}: the error chain, then the reboot that ends a TD. */
    static List<String> bootFailed(String error) {
        return List.of("dstack-prepare.sh[412]: Error: " + error,
                FAILED + "Failed to start \u001b[0;1;39mdstack-prepare.service\u001b[0m - dstack Guest Preparation Service.",
                "dstack-prepare.service: Failure action 'reboot' triggered", "reboot: Restarting system");
    }

    static List<String> poweroff() {
        return List.of("         Stopping \u001b[0;1;39mapp-compose.service\u001b[0m - App Compose Service...",
                OK + "Stopped \u001b[0;1;39mapp-compose.service\u001b[0m - App Compose Service.",
                OK + "Reached target \u001b[0;1;39mSystem Power Off\u001b[0m.", "reboot: Power down");
    }

    /** A periodic journal line of the guest agent, so the console keeps moving while the VM runs. */
    static String heartbeat(Instant now, long tick, boolean gatewayEnabled) {
        if (gatewayEnabled && tick % 2 == 0) {
            return "dstack-guest-agent[623]: " + now + " INFO dstack_guest_agent: gateway: WireGuard handshake ok";
        }
        return "chronyd[301]: Selected source " + String.format(Locale.ROOT, "10.0.2.%d", 3 + tick % 2) + " (pool.ntp.org)";
    }

    /** QEMU's own stdout: with {@code -nographic} its monitor banner. */
    static String qemuMonitorBanner() {
        return "QEMU 9.1.0 monitor - type 'help' for more information";
    }

    /** QEMU's stderr when the VMM kills it. */
    static String qemuTerminated(long pid) {
        return "qemu-system-x86_64: terminating on signal 15 from pid " + pid + " (dstack-vmm)";
    }

    private static String stamp(double seconds) {
        return String.format(Locale.ROOT, "[%12.6f] ", seconds);
    }
}
