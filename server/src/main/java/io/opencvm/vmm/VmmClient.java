package io.opencvm.vmm;

import io.opencvm.vmm.GuestMessages.GuestInfo;
import io.opencvm.vmm.GuestMessages.ListContainersResponse;
import io.opencvm.vmm.GuestMessages.NetworkInformation;
import io.opencvm.vmm.GuestMessages.SystemInfo;
import io.opencvm.vmm.VmmMessages.GetInfoResponse;
import io.opencvm.vmm.VmmMessages.Id;
import io.opencvm.vmm.VmmMessages.ImageListResponse;
import io.opencvm.vmm.VmmMessages.MetaResponse;
import io.opencvm.vmm.VmmMessages.StatusRequest;
import io.opencvm.vmm.VmmMessages.StatusResponse;
import io.opencvm.vmm.VmmMessages.VersionResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A client for one dstack-vmm node: its methods over {@link PrpcChannel}. Thread-safe; one per node.
 */
public class VmmClient {

    private final PrpcChannel channel;
    private final URI base;
    private final String token;
    private final HttpClient http;
    private final Duration timeout;

    public VmmClient(URI base, String token, HttpClient http, Duration timeout) {
        this.channel = new PrpcChannel(base, token, http, timeout);
        this.base = base;
        this.token = token;
        this.http = http;
        this.timeout = timeout;
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

    public GuestInfo guestInfo(String id) {
        return channel.callAt("/guest/", "Info", new Id(id), GuestInfo.class);
    }

    public SystemInfo guestSysInfo(String id) {
        return channel.callAt("/guest/", "SysInfo", new Id(id), SystemInfo.class);
    }

    public NetworkInformation guestNetworkInfo(String id) {
        return channel.callAt("/guest/", "NetworkInfo", new Id(id), NetworkInformation.class);
    }

    public ListContainersResponse guestContainers(String id) {
        return channel.callAt("/guest/", "ListContainers", new Id(id), ListContainersResponse.class);
    }

    /**
     * Opens dstack-vmm's {@code GET /logs} of one VM's channel ({@code serial}, {@code stdout}, {@code stderr}): the last
     * {@code lines} lines, then, with {@code follow}, new ones until the VM's process ends. The caller closes the stream.
     * Any answer but 200 is a {@link VmmException} (404: no such VM; 400: no such channel).
     */
    public InputStream logs(String id, String channel, boolean follow, int lines, boolean ansi) {
        URI uri = base.resolve("/logs?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "&ch="
                + URLEncoder.encode(channel, StandardCharsets.UTF_8) + "&follow=" + follow + "&ansi=" + ansi
                + "&lines=" + lines);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new VmmException(VmmException.Kind.UNREACHABLE, "logs failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VmmException(VmmException.Kind.UNREACHABLE, "logs interrupted", e);
        }
        if (response.statusCode() != 200) {
            String text;
            try (InputStream body = response.body()) {
                text = new String(body.readNBytes(2048), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                text = "";
            }
            throw new VmmException(response.statusCode() == 401 ? VmmException.Kind.UNAUTHORIZED
                    : VmmException.Kind.REJECTED, "logs answered HTTP " + response.statusCode() + " " + text, null);
        }
        return response.body();
    }

    private <T> T call(String method, Object request, Class<T> responseType) {
        return channel.call(method, request, responseType);
    }
}
