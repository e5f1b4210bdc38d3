package io.opencvm.vmmsim.guest;

import io.opencvm.vmmsim.crypto.Sha256;
import io.opencvm.vmmsim.prpc.Hex;
import io.opencvm.vmmsim.tdx.Measurement;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What runs inside one simulated VM, as far as the node can observe it: the serial console and QEMU's
 * stdout/stderr, the containers Docker keeps on the data disk and their logs, the TD's measurements and
 * event log, and the RA-TLS certificate the guest agent holds. The node drives it (always under the node's
 * lock) as the boot proceeds; the log channels are separately thread-safe for followers.
 */
public final class Guest {

    /** One container as Docker keeps it on the data disk: it survives reboots until Compose recreates it. */
    private record DockerContainer(String name, String service, String image, String id, Instant created,
            String definitionHash) {
    }

    private final int logCapacity;
    private final LogChannel serial;
    private final LogChannel stdout;
    private final LogChannel stderr;
    private final Map<String, DockerContainer> docker = new LinkedHashMap<>();
    private final Map<String, LogChannel> containerLogs = new LinkedHashMap<>();
    private final List<String> running = new ArrayList<>();
    private GuestFacts facts;
    private Instant bootedAt;
    private Instant containersStartedAt;
    private Instant gatewayUpAt;
    private Measurement measurement;
    private String appCertChain = "";
    private String instanceId = "";
    private String composeHash = "";
    private long ticks;
    private long bootCount;

    public Guest(int logCapacity) {
        this.logCapacity = logCapacity;
        this.serial = new LogChannel(logCapacity);
        this.stdout = new LogChannel(logCapacity);
        this.stderr = new LogChannel(logCapacity);
    }

    // ---- lifecycle, driven by the node's simulated process and boot ----

    /** Power-on: a new TD with fresh measurements; the kernel starts printing. */
    public void powerOn(GuestFacts bootFacts, Instant now) {
        facts = bootFacts;
        bootedAt = now;
        bootCount++;
        containersStartedAt = null;
        gatewayUpAt = null;
        running.clear();
        appCertChain = "";
        instanceId = "";
        composeHash = "";
        measurement = Measurement.boot(bootFacts.osImageHash(), bootFacts.kernelCmdline());
        serial.goLive();
        stdout.goLive();
        stderr.goLive();
        stdout.append(now, "stdout", ConsoleScript.qemuMonitorBanner());
        ConsoleScript.kernel(bootFacts, bootedAt, now).forEach(line -> serial.append(now, "serial", line));
    }

    /** {@code measure_app_info}: the app's identity goes into RTMR3 before any key is requested. */
    public void measureApp(String composeHashHex, String instanceIdHex) {
        composeHash = composeHashHex;
        instanceId = instanceIdHex;
        measurement.runtimeEvent("system-preparing", new byte[0]);
        measurement.runtimeEvent("app-id", Hex.decode(facts.appId()));
        measurement.runtimeEvent("compose-hash", Hex.decode(composeHashHex));
        measurement.runtimeEvent("instance-id", Hex.decode(instanceIdHex));
        measurement.runtimeEvent("boot-mr-done", new byte[0]);
    }

    /**
     * The keys arrived: for a KMS app the OS image hash the KMS confirmed, then the key provider (name and id, the
     * KMS CA's public key for {@code kms}) as {@code verify_app} emits them.
     */
    public void keysReceived(String providerName, String providerId, String osImageHashFromKms) {
        if (osImageHashFromKms != null && !osImageHashFromKms.isEmpty()) {
            measurement.runtimeEvent("os-image-hash", Hex.decode(osImageHashFromKms));
        }
        String info = "{\"name\":\"" + providerName + "\",\"id\":\"" + providerId + "\"}";
        measurement.runtimeEvent("key-provider", info.getBytes(StandardCharsets.UTF_8));
    }

    /** The data disk is mounted; a fresh one holds no containers. */
    public void dataDisk(boolean fresh) {
        if (fresh) {
            docker.clear();
            containerLogs.clear();
        }
    }

    /** {@code system-ready}: the last runtime event of {@code dstack-prepare}. */
    public void systemReady() {
        measurement.runtimeEvent("system-ready", new byte[0]);
    }

    /** A {@code boot.progress} the guest reported: its console shows what {@code dstack-prepare} printed. */
    public void progress(String step, Instant now) {
        if (step.equals("setting up docker") && facts.gatewayEnabled()) {
            gatewayUpAt = now;
        }
        ConsoleScript.progress(step, facts, bootedAt, now).forEach(line -> serial.append(now, "serial", line));
    }

    /**
     * {@code docker compose up --remove-orphans -d}: containers whose definition is unchanged are started again
     * (same id, same created time), changed or new ones are created, orphans removed.
     *
     * @return {@code null}, or Compose's error when it refuses the file
     */
    public String composeUp(Instant now) {
        ComposeFile compose;
        try {
            compose = ComposeFile.parse(facts.dockerCompose());
        } catch (IllegalArgumentException e) {
            ConsoleScript.composeFailed(e.getMessage()).forEach(line -> serial.append(now, "serial", line));
            return e.getMessage();
        }
        List<String> keep = compose.containers().stream().map(ComposeFile.Container::name).toList();
        docker.keySet().retainAll(keep);
        containerLogs.keySet().retainAll(keep);
        boolean created = false;
        for (ComposeFile.Container c : compose.containers()) {
            DockerContainer existing = docker.get(c.name());
            if (existing == null || !existing.definitionHash().equals(c.definitionHash())) {
                docker.put(c.name(), new DockerContainer(c.name(), c.service(), c.image(),
                        Hex.encode(Sha256.hash(facts.vmId() + "/" + c.name() + "/" + now + "/" + bootCount)), now,
                        c.definitionHash()));
                containerLogs.put(c.name(), new LogChannel(logCapacity));
                created = true;
            }
        }
        ConsoleScript.composeUp(keep, created).forEach(line -> serial.append(now, "serial", line));
        containersStartedAt = now;
        running.clear();
        running.addAll(keep);
        for (DockerContainer c : docker.values()) {
            LogChannel log = containerLogs.get(c.name());
            log.goLive();
            ContainerChatter.startup(c.image(), c.service(), now).forEach(l -> log.append(now, l.stream(), l.text()));
        }
        return null;
    }

    /** The boot failed: the error, then the reboot that ends a TD. */
    public void bootFailed(String error, Instant now) {
        ConsoleScript.bootFailed(error).forEach(line -> serial.append(now, "serial", line));
    }

    /** The guest agent holds its RA-TLS certificate chain (PEM, leaf first). */
    public void certificateIssued(String chainPem) {
        appCertChain = chainPem;
    }

    /** A guest-initiated power-off: the console shows systemd stopping. */
    public void poweringOff(Instant now) {
        ConsoleScript.poweroff().forEach(line -> serial.append(now, "serial", line));
    }

    /** The QEMU process ended; {@code killed} when the VMM killed it (StopVm, RemoveVm). */
    public void powerOff(Instant now, boolean killed) {
        if (killed) {
            stderr.append(now, "stderr", ConsoleScript.qemuTerminated(4000 + bootCount));
        }
        running.clear();
        containersStartedAt = null;
        containerLogs.values().forEach(LogChannel::endLive);
        serial.endLive();
        stdout.endLive();
        stderr.endLive();
    }

    /** The VM's directory is gone: every log ends, followers included. */
    public void remove() {
        serial.remove();
        stdout.remove();
        stderr.remove();
        containerLogs.values().forEach(LogChannel::remove);
    }

    /** Periodic activity while the VM runs: each container logs, the console shows a journal line now and then. */
    public void tick(Instant now) {
        ticks++;
        for (String name : running) {
            DockerContainer c = docker.get(name);
            ContainerChatter.Line line = ContainerChatter.periodic(c.image(), c.service(), now, ticks);
            containerLogs.get(name).append(now, line.stream(), line.text());
        }
        if (ticks % 6 == 0) {
            serial.append(now, "serial", ConsoleScript.heartbeat(now, ticks / 6, facts.gatewayEnabled()));
        }
    }

    // ---- reads ----

    /** {@code serial}, {@code stdout} or {@code stderr}; {@code null} for another name. */
    public LogChannel channel(String name) {
        return switch (name) {
            case "serial" -> serial;
            case "stdout" -> stdout;
            case "stderr" -> stderr;
            default -> null;
        };
    }

    /** A container's log by Docker name (with or without the leading slash) or by id or unique id prefix. */
    public LogChannel containerLog(String nameOrId) {
        String name = nameOrId.startsWith("/") ? nameOrId.substring(1) : nameOrId;
        if (containerLogs.containsKey(name)) {
            return containerLogs.get(name);
        }
        List<DockerContainer> matches = docker.values().stream().filter(c -> c.id().startsWith(nameOrId)).toList();
        return nameOrId.isEmpty() || matches.size() != 1 ? null : containerLogs.get(matches.get(0).name());
    }

    /** A consistent copy of what the guest API reports. */
    public GuestSnapshot snapshot(Instant now) {
        List<GuestSnapshot.RunningContainer> containers = new ArrayList<>();
        for (String name : running) {
            DockerContainer c = docker.get(name);
            containers.add(new GuestSnapshot.RunningContainer(c.id(), c.name(), c.image(), c.created(),
                    containersStartedAt));
        }
        return new GuestSnapshot(facts, now, bootedAt, gatewayUpAt, instanceId, composeHash, measurement.copy(),
                appCertChain, containers);
    }

    /** The measurements so far (a copy), for the quote the guest agent asks for. */
    public Measurement measurement() {
        return measurement.copy();
    }

    public GuestFacts facts() {
        return facts;
    }
}
