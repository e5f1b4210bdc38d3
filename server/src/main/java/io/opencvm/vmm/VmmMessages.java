package io.opencvm.vmm;

import java.util.List;

/** The small pRPC messages of dstack-vmm that need no behaviour of their own. */
public final class VmmMessages {

    private VmmMessages() {
    }

    public record Id(String id) {
    }

    public record StatusRequest(List<String> ids, boolean brief, String keyword, int page, int pageSize) {
    }

    public record StatusResponse(List<VmInfo> vms, boolean portMappingEnabled, int total) {
    }

    public record GetInfoResponse(boolean found, VmInfo info) {
    }

    public record ImageInfo(String name, String description, String version, boolean isDev) {
    }

    public record ImageListResponse(List<ImageInfo> images) {
    }

    public record KmsSettings(String url, List<String> urls) {
    }

    public record GatewaySettings(String url, String baseDomain, int port, int agentPort, List<String> urls) {
    }

    public record ResourcesSettings(int maxCvmNumber, int maxAllocableVcpu, int maxAllocableMemoryInMb) {
    }

    /**
     * GetMeta. {@code deviceId}, {@code ppid} and {@code fmspc} are not part of dstack-vmm's reply; the
     * project's simulator adds them, and a real node leaves them null (operators register the device id).
     * {@code gatewayLoopbackUrl} is the simulator's gateway on loopback, where {@code https://<id>-<port>.<base_domain>}
     * cannot resolve: the same routes answer at {@code <gatewayLoopbackUrl>/<id>-<port>}; null from a real node.
     */
    public record MetaResponse(KmsSettings kms, GatewaySettings gateway, ResourcesSettings resources,
                               String deviceId, String ppid, String fmspc, String gatewayLoopbackUrl) {
    }

    public record VersionResponse(String version, String rev) {
    }

}
