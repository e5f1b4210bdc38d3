package io.opencvm.vmmsim.node;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The {@code vmm_rpc.proto} messages the simulator reads and writes, field for field (snake_case on the wire
 * through the shared mapper). A namespace of small records, kept together so the wire format reads in one place.
 */
public final class VmmMessages {

    private VmmMessages() {
    }

    public record PortMapping(String protocol, long hostPort, long vmPort, String hostAddress) {
    }

    public record GpuSpec(String slot) {
    }

    public record GpuConfig(List<GpuSpec> gpus, String attachMode) {
        public static GpuConfig none() {
            return new GpuConfig(List.of(), "listed");
        }
    }

    public record NetworkingConfig(String mode, String bridgeName) {
    }

    /** {@code VmConfiguration}; {@code stopped} is only meaningful in output ({@code !started}). */
    public record VmConfiguration(String name, String image, String composeFile, long vcpu, long memory,
            long diskSize, List<PortMapping> ports, String encryptedEnv, String appId, String userConfig,
            boolean hugepages, boolean pinNuma, GpuConfig gpus, List<String> kmsUrls, List<String> gatewayUrls,
            boolean stopped, boolean noTee, NetworkingConfig networking, List<NetworkingConfig> networks,
            String simulatedTee) {

        public VmConfiguration withStopped(boolean value) {
            return new VmConfiguration(name, image, composeFile, vcpu, memory, diskSize, ports, encryptedEnv, appId,
                    userConfig, hugepages, pinNuma, gpus, kmsUrls, gatewayUrls, value, noTee, networking, networks,
                    simulatedTee);
        }
    }

    public record GuestEvent(String event, String body, long timestamp) {
    }

    public record NetworkInterfaceStatus(String mode, String backend, String mac, String bridgeName, String netdevId) {
    }

    /** {@code VmInfo}; {@code interfaces} is absent (not null) on pre-HEAD generations. */
    public record VmInfo(String id, String name, String status, String uptime, String appUrl, String appId,
            String instanceId, VmConfiguration configuration, String exitedAt, String bootProgress, String bootError,
            String shutdownProgress, String imageVersion, List<GuestEvent> events,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<NetworkInterfaceStatus> interfaces) {
    }

    public record IdResponse(String id) {
    }

    public record ComposeHash(String hash) {
    }

    public record StatusResponse(List<VmInfo> vms, boolean portMappingEnabled, long total) {
    }

    public record GetInfoResponse(boolean found, VmInfo info) {
    }

    public record ImageInfo(String name, String description, String version, boolean isDev) {
    }

    public record ImageListResponse(List<ImageInfo> images) {
    }

    public record KmsSettings(String url, List<String> urls) {
    }

    public record GatewaySettings(String url, String baseDomain, long port, long agentPort, List<String> urls) {
    }

    public record ResourcesSettings(long maxCvmNumber, long maxAllocableVcpu, long maxAllocableMemoryInMb) {
    }

    public record NetworkingCapabilities(List<String> supportedModes, String defaultMode, String defaultBridge) {
    }

    /**
     * {@code device_id}, {@code ppid} and {@code gateway_loopback_url} are simulator extensions (clients ignore
     * unknown fields): a real dstack-vmm does not report its device id, so operators register it; and a guest
     * agent that a real node reaches as {@code https://<id>-<agent_port>.<base_domain>} is reached on loopback as
     * {@code <gateway_loopback_url>/<id>-<agent_port>} ({@code null} when the simulated gateway does not run).
     */
    public record GetMetaResponse(KmsSettings kms, GatewaySettings gateway, ResourcesSettings resources,
            NetworkingCapabilities networking, String deviceId, String ppid, String gatewayLoopbackUrl) {
    }

    public record VersionResponse(String version, String rev) {
    }

    public record GpuInfo(String slot, String productId, String description, boolean isFree) {
    }

    public record ListGpusResponse(List<GpuInfo> gpus, boolean allowAttachAll) {
    }
}
