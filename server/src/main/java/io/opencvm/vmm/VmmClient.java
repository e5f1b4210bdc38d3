package io.opencvm.vmm;

import io.opencvm.vmm.VmmMessages.GetInfoResponse;
import io.opencvm.vmm.VmmMessages.Id;
import io.opencvm.vmm.VmmMessages.ImageListResponse;
import io.opencvm.vmm.VmmMessages.MetaResponse;
import io.opencvm.vmm.VmmMessages.StatusRequest;
import io.opencvm.vmm.VmmMessages.StatusResponse;
import io.opencvm.vmm.VmmMessages.VersionResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A client for one dstack-vmm node: its methods over {@link PrpcChannel}. Thread-safe; one per node.
 */
public class VmmClient {

    private final PrpcChannel channel;

    public VmmClient(URI base, String token, HttpClient http, Duration timeout) {
        this.channel = new PrpcChannel(base, token, http, timeout);
    }

    public String createVm(VmConfiguration config) {
        return call("CreateVm", config, Id.class).id();
    }

    public void startVm(String id) {
        call("StartVm", new Id(id), JsonNode.class);
    }

    public void stopVm(String id) {
        call("StopVm", new Id(id), JsonNode.class);
    }

    public void shutdownVm(String id) {
        call("ShutdownVm", new Id(id), JsonNode.class);
    }

    /** UpdateVm: rewrites what the request sets; returns the node's id quirk (a compose-derived hash, or empty). */
    public String updateVm(UpdateVmRequest request) {
        Id reply = call("UpdateVm", request, Id.class);
        return reply == null ? "" : reply.id();
    }

    public void removeVm(String id) {
        call("RemoveVm", new Id(id), JsonNode.class);
    }

    public StatusResponse status(List<String> ids, String keyword) {
        return call("Status", new StatusRequest(ids, true, keyword == null ? "" : keyword, 0, 0), StatusResponse.class);
    }

    public GetInfoResponse getInfo(String id) {
        return call("GetInfo", new Id(id), GetInfoResponse.class);
    }

    public ImageListResponse listImages() {
        return call("ListImages", null, ImageListResponse.class);
    }

    public MetaResponse getMeta() {
        return call("GetMeta", null, MetaResponse.class);
    }

    public VersionResponse version() {
        return call("Version", null, VersionResponse.class);
    }

    private <T> T call(String method, Object request, Class<T> responseType) {
        return channel.call(method, request, responseType);
    }
}
