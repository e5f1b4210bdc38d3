package io.opencvm.vmmsim.node;

import io.opencvm.vmmsim.crypto.Sha256;
import io.opencvm.vmmsim.guest.StreamLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Everything that makes one simulated node differ from another. Build with {@link #defaults(String)} and
 * {@link #toBuilder()}.
 *
 * @param port 0 = a random free port on 127.0.0.1
 * @param rev git revision as the VMM reports it, {@code git:<20 hex>}
 * @param deviceId 64 hex, {@code sha256(ppid)} on TDX
 * @param ppid 32 hex, the platform's PPID
 * @param kmsUrl top-level {@code kms_url}: where {@code GetAppEnvEncryptPubKey} is proxied; empty = none
 * @param kmsUrls {@code cvm.kms_urls}: the guest's KMS list when a VM names none
 * @param authToken {@code null} = no authentication
 * @param stateDir {@code null} = memory only; otherwise one JSON file per VM survives a process restart
 * @param testHooks serve {@code GET /test/vms/<id>/env}; real dstack-vmm has no such route
 * @param gatewayListener also run a simulated dstack-gateway on its own loopback port, which reaches the guest
 *                        agents of this node's VMs (see {@code SimulatedGateway})
 * @param logInterval how often (simulated time) a running guest's containers and console write a line
 * @param logLines lines kept per log (serial, stdout, stderr, each container): dstack-vmm's default tail is 10000
 */
public record NodeProfile(String name, int port, String version, String rev, String deviceId, String ppid,
        String tcbStatus, List<NodeImage> images, String kmsUrl, List<String> kmsUrls, List<String> gatewayUrls,
        String gatewayBaseDomain, int gatewayPort, int gatewayAgentPort, int cidStart, int cidPoolSize,
        int maxAllocableVcpu, int maxAllocableMemory, boolean portMappingEnabled, int portRangeStart,
        int portRangeEnd, String portMappingAddress, String authToken, Generation generation, BootTimings timings,
        Path stateDir, boolean testHooks, int eventBufferSize, boolean gatewayListener, Duration logInterval,
        int logLines, StreamLimits streamLimits) {

    public NodeProfile {
        if (logInterval.isZero() || logInterval.isNegative()) {
            throw new IllegalArgumentException("logInterval must be positive");
        }
        images = List.copyOf(images);
        kmsUrls = List.copyOf(kmsUrls);
        gatewayUrls = List.copyOf(gatewayUrls);
    }

    /**
     * A realistic v0.5 node named {@code name}: image {@code dstack-0.5.4} (plus a dev image), version 0.5.4,
     * a PPID and device id derived from the name, port mapping off, no KMS, no auth, standalone timings.
     */
    public static NodeProfile defaults(String name) {
        HexFormat hex = HexFormat.of();
        byte[] ppid = Arrays.copyOf(Sha256.hash("opencvm-sim-ppid:" + name), 16);
        String rev = "git:" + hex.formatHex(Sha256.hash("opencvm-sim-rev:0.5.4")).substring(0, 20);
        List<NodeImage> images = List.of(
                new NodeImage("dstack-0.5.4", "0.5.4", false, hex.formatHex(Sha256.hash("dstack-0.5.4"))),
                new NodeImage("dstack-dev-0.5.4", "0.5.4", true, hex.formatHex(Sha256.hash("dstack-dev-0.5.4"))));
        return new NodeProfile(name, 0, "0.5.4", rev, hex.formatHex(Sha256.hash(ppid)), hex.formatHex(ppid),
                "UpToDate", images, "", List.of(), List.of(), name + ".apps.opencvm.local", 443, 8090, 1000, 1000,
                32, 131072, false, 1, 65535, "127.0.0.1", null, Generation.V0_5, BootTimings.standalone(), null,
                false, 20, true, Duration.ofSeconds(10), 10_000, StreamLimits.defaults());
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public NodeImage image(String imageName) {
        return images.stream().filter(i -> i.name().equals(imageName)).findFirst().orElse(null);
    }

    /** The KMS list a guest uses when its VM names none: {@code cvm.kms_urls}, else the top-level URL. */
    public List<String> defaultKmsUrls() {
        if (!kmsUrls.isEmpty() || kmsUrl.isEmpty()) {
            return kmsUrls;
        }
        return List.of(kmsUrl);
    }

    /** Mutable copy of a profile; {@link #build()} gives the record back. */
    public static final class Builder {
        private String name;
        private int port;
        private String version;
        private String rev;
        private String deviceId;
        private String ppid;
        private String tcbStatus;
        private List<NodeImage> images;
        private String kmsUrl;
        private List<String> kmsUrls;
        private List<String> gatewayUrls;
        private String gatewayBaseDomain;
        private int gatewayPort;
        private int gatewayAgentPort;
        private int cidStart;
        private int cidPoolSize;
        private int maxAllocableVcpu;
        private int maxAllocableMemory;
        private boolean portMappingEnabled;
        private int portRangeStart;
        private int portRangeEnd;
        private String portMappingAddress;
        private String authToken;
        private Generation generation;
        private BootTimings timings;
        private Path stateDir;
        private boolean testHooks;
        private int eventBufferSize;
        private boolean gatewayListener;
        private Duration logInterval;
        private int logLines;
        private StreamLimits streamLimits;

        private Builder(NodeProfile p) {
            name = p.name; port = p.port; version = p.version; rev = p.rev; deviceId = p.deviceId; ppid = p.ppid;
            tcbStatus = p.tcbStatus; images = p.images; kmsUrl = p.kmsUrl; kmsUrls = p.kmsUrls;
            gatewayUrls = p.gatewayUrls; gatewayBaseDomain = p.gatewayBaseDomain; gatewayPort = p.gatewayPort;
            gatewayAgentPort = p.gatewayAgentPort; cidStart = p.cidStart; cidPoolSize = p.cidPoolSize;
            maxAllocableVcpu = p.maxAllocableVcpu; maxAllocableMemory = p.maxAllocableMemory;
            portMappingEnabled = p.portMappingEnabled; portRangeStart = p.portRangeStart;
            portRangeEnd = p.portRangeEnd; portMappingAddress = p.portMappingAddress; authToken = p.authToken;
            generation = p.generation; timings = p.timings; stateDir = p.stateDir; testHooks = p.testHooks;
            eventBufferSize = p.eventBufferSize; gatewayListener = p.gatewayListener; logInterval = p.logInterval;
            logLines = p.logLines; streamLimits = p.streamLimits;
        }

        public Builder name(String v) { name = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder version(String v) { version = v; return this; }
        public Builder rev(String v) { rev = v; return this; }
        public Builder tcbStatus(String v) { tcbStatus = v; return this; }
        public Builder images(List<NodeImage> v) { images = v; return this; }
        public Builder kmsUrl(String v) { kmsUrl = v; return this; }
        public Builder kmsUrls(List<String> v) { kmsUrls = v; return this; }
        public Builder gatewayUrls(List<String> v) { gatewayUrls = v; return this; }
        public Builder gatewayBaseDomain(String v) { gatewayBaseDomain = v; return this; }
        public Builder gatewayPort(int v) { gatewayPort = v; return this; }
        public Builder gatewayAgentPort(int v) { gatewayAgentPort = v; return this; }
        public Builder cidStart(int v) { cidStart = v; return this; }
        public Builder cidPoolSize(int v) { cidPoolSize = v; return this; }
        public Builder maxAllocableVcpu(int v) { maxAllocableVcpu = v; return this; }
        public Builder maxAllocableMemory(int v) { maxAllocableMemory = v; return this; }
        public Builder portMappingEnabled(boolean v) { portMappingEnabled = v; return this; }
        public Builder portRange(int start, int end) { portRangeStart = start; portRangeEnd = end; return this; }
        public Builder portMappingAddress(String v) { portMappingAddress = v; return this; }
        public Builder authToken(String v) { authToken = v; return this; }
        public Builder generation(Generation v) { generation = v; return this; }
        public Builder timings(BootTimings v) { timings = v; return this; }
        public Builder stateDir(Path v) { stateDir = v; return this; }
        public Builder testHooks(boolean v) { testHooks = v; return this; }
        public Builder eventBufferSize(int v) { eventBufferSize = v; return this; }
        public Builder gatewayListener(boolean v) { gatewayListener = v; return this; }
        public Builder logInterval(Duration v) { logInterval = v; return this; }
        public Builder logLines(int v) { logLines = v; return this; }
        public Builder streamLimits(StreamLimits v) { streamLimits = v; return this; }

        /** Sets the PPID and the device id that TDX derives from it ({@code sha256(ppid)}). */
        public Builder ppid(String ppidHex) {
            ppid = ppidHex;
            deviceId = HexFormat.of().formatHex(Sha256.hash(HexFormat.of().parseHex(ppidHex)));
            return this;
        }

        /** Overrides the device id alone (e.g. to impersonate a non-TDX platform). */
        public Builder deviceId(String v) { deviceId = v; return this; }

        public NodeProfile build() {
            return new NodeProfile(name, port, version, rev, deviceId, ppid, tcbStatus, images, kmsUrl, kmsUrls,
                    gatewayUrls, gatewayBaseDomain, gatewayPort, gatewayAgentPort, cidStart, cidPoolSize,
                    maxAllocableVcpu, maxAllocableMemory, portMappingEnabled, portRangeStart, portRangeEnd,
                    portMappingAddress, authToken, generation, timings, stateDir, testHooks, eventBufferSize,
                    gatewayListener, logInterval, logLines, streamLimits);
        }
    }
}
