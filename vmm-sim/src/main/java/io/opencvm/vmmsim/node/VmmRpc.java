package io.opencvm.vmmsim.node;

import io.opencvm.vmmsim.crypto.Sha256;
import io.opencvm.vmmsim.guest.GuestApiService;
import io.opencvm.vmmsim.guest.VmLogsRoute;
import io.opencvm.vmmsim.node.VmmMessages.ComposeHash;
import io.opencvm.vmmsim.node.VmmMessages.GatewaySettings;
import io.opencvm.vmmsim.node.VmmMessages.GetInfoResponse;
import io.opencvm.vmmsim.node.VmmMessages.GetMetaResponse;
import io.opencvm.vmmsim.node.VmmMessages.IdResponse;
import io.opencvm.vmmsim.node.VmmMessages.ImageInfo;
import io.opencvm.vmmsim.node.VmmMessages.ImageListResponse;
import io.opencvm.vmmsim.node.VmmMessages.KmsSettings;
import io.opencvm.vmmsim.node.VmmMessages.ListGpusResponse;
import io.opencvm.vmmsim.node.VmmMessages.NetworkingCapabilities;
import io.opencvm.vmmsim.node.VmmMessages.ResourcesSettings;
import io.opencvm.vmmsim.node.VmmMessages.StatusResponse;
import io.opencvm.vmmsim.node.VmmMessages.VersionResponse;
import io.opencvm.vmmsim.node.VmmMessages.VmConfiguration;
import io.opencvm.vmmsim.node.VmmMessages.VmInfo;
import io.opencvm.vmmsim.prpc.Fields;
import io.opencvm.vmmsim.prpc.Hex;
import io.opencvm.vmmsim.prpc.Json;
import io.opencvm.vmmsim.prpc.PrpcServer;
import io.opencvm.vmmsim.prpc.RawRoute;
import io.opencvm.vmmsim.prpc.RpcError;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Service {@code Vmm}: binds each pRPC method to the node, plus {@code GET /logs}, the proxied guest API at
 * {@code /guest} and the test hook.
 */
public final class VmmRpc {

    private final Node node;
    private final NodeProfile profile;
    private final VmInfoView view;
    private final KmsClient kms = new KmsClient();
    private final String gatewayLoopbackUrl;

    /** @param gatewayLoopbackUrl the simulated gateway's address, or {@code null} when it does not run */
    public VmmRpc(Node node, String gatewayLoopbackUrl) {
        this.node = node;
        this.profile = node.profile;
        this.view = new VmInfoView(profile);
        this.gatewayLoopbackUrl = gatewayLoopbackUrl;
    }

    public void register(PrpcServer server) {
        server.method("CreateVm", f -> new IdResponse(node.create(VmmRequests.configuration(f))))
                .method("StartVm", f -> { node.start(f.str("id")); return null; })
                .method("StopVm", f -> { node.stop(f.str("id")); return null; })
                .method("ShutdownVm", f -> { node.shutdown(f.str("id")); return null; })
                .method("RemoveVm", f -> { node.remove(f.str("id")); return null; })
                .method("UpdateVm", f -> new IdResponse(node.update(VmmRequests.update(f))))
                .method("UpgradeApp", f -> new IdResponse(node.update(VmmRequests.update(f))))
                .method("ResizeVm", f -> { node.resize(VmmRequests.resize(f)); return null; })
                .method("Status", this::status)
                .method("GetInfo", this::getInfo)
                .method("GetComposeHash", this::composeHash)
                .method("GetAppEnvEncryptPubKey", this::envPubKey)
                .method("GetMeta", f -> meta())
                .method("Version", f -> new VersionResponse(profile.version(), profile.rev()))
                .method("ListImages", f -> images())
                .method("ListGpus", f -> new ListGpusResponse(List.of(), false))
                .stream("/logs", new VmLogsRoute(node.guestDirectory(), profile.streamLimits()));
        new GuestApiService(node.guestDirectory(), node::shutdown).register(server.service("/guest"));
        if (profile.testHooks()) {
            server.raw("/test/vms/", this::testEnv);
        }
    }

    private StatusResponse status(Fields f) {
        List<String> ids = f.strList("ids");
        String keyword = f.str("keyword");
        boolean brief = f.bool("brief");
        long page = f.u32("page");
        long pageSize = f.u32("page_size");
        return node.read(vms -> {
            Instant now = node.time.now();
            List<Vm> matching = vms.stream()
                    .filter(vm -> ids.isEmpty() || ids.contains(vm.id))
                    .filter(vm -> keyword.isEmpty() || vm.config.name().contains(keyword) || vm.id.contains(keyword)
                            || vm.config.appId().contains(keyword) || vm.config.image().contains(keyword))
                    .sorted(Comparator.comparingLong(vm -> vm.createdAtMs))
                    .toList();
            List<Vm> shown = matching;
            if (page > 0 && pageSize > 0) {
                long from = Math.min((page - 1) * pageSize, matching.size());
                shown = matching.subList((int) from, (int) Math.min(from + pageSize, matching.size()));
            }
            List<VmInfo> infos = shown.stream().map(vm -> view.render(vm, now, brief)).toList();
            return new StatusResponse(infos, profile.portMappingEnabled(), matching.size());
        });
    }

    private GetInfoResponse getInfo(Fields f) {
        String id = f.str("id");
        return node.read(vms -> vms.stream().filter(vm -> vm.id.equals(id)).findFirst()
                .map(vm -> new GetInfoResponse(true, view.render(vm, node.time.now(), false)))
                .orElse(new GetInfoResponse(false, null)));
    }

    private ComposeHash composeHash(Fields f) {
        VmConfiguration config = VmmRequests.configuration(f);
        VmConfigRules.checkName(config.name());
        try {
            AppCompose.parse(config.composeFile());
        } catch (RpcError e) {
            throw e.within("Invalid compose file");
        }
        return new ComposeHash(Hex.encode(Sha256.hash(config.composeFile())));
    }

    /** Proxied to the node's top-level KMS URL, as the real VMM does (it does not verify the KMS either). */
    private JsonNode envPubKey(Fields f) {
        if (profile.kmsUrl().isEmpty()) {
            throw new RpcError("KMS is not configured");
        }
        return kms.call(profile.kmsUrl(), "GetAppEnvEncryptPubKey", Map.of("app_id", Hex.encode(f.bytes("app_id"))));
    }

    private GetMetaResponse meta() {
        List<String> kmsUrls = profile.defaultKmsUrls();
        List<String> gatewayUrls = profile.gatewayUrls();
        return new GetMetaResponse(
                new KmsSettings(kmsUrls.isEmpty() ? "" : kmsUrls.get(0), kmsUrls),
                new GatewaySettings(gatewayUrls.isEmpty() ? "" : gatewayUrls.get(0), profile.gatewayBaseDomain(),
                        profile.gatewayPort(), profile.gatewayAgentPort(), gatewayUrls),
                new ResourcesSettings(profile.cidPoolSize(), profile.maxAllocableVcpu(), profile.maxAllocableMemory()),
                new NetworkingCapabilities(List.of("user"), "user", ""), profile.deviceId(), profile.ppid(),
                gatewayLoopbackUrl);
    }

    private ImageListResponse images() {
        return new ImageListResponse(profile.images().stream().map(image -> {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("bios", "ovmf.fd");
            metadata.put("kernel", "bzImage");
            metadata.put("cmdline", "console=ttyS0 init=/init panic=1");
            metadata.put("initrd", "initramfs.cpio.gz");
            metadata.put("rootfs", "rootfs.img.verity");
            metadata.put("version", image.version());
            metadata.put("is_dev", image.isDev());
            // Simulator extension: the OS image hash a real node keeps in digest.txt beside metadata.json.
            metadata.put("digest", image.osImageHash());
            return new ImageInfo(image.name(), Json.MAPPER.writeValueAsString(metadata), image.version(),
                    image.isDev());
        }).toList());
    }

    /** {@code GET /test/vms/<id>/env}: the env the guest decrypted; only with {@code testHooks}. */
    private RawRoute.Reply testEnv(String method, String path, Map<String, String> query) {
        String rest = path.substring("/test/vms/".length());
        if (!method.equals("GET") || !rest.endsWith("/env")) {
            return new RawRoute.Reply(404, "text/plain; charset=utf-8", "404: Not Found");
        }
        Map<String, String> env = node.decryptedEnv(rest.substring(0, rest.length() - "/env".length()));
        return env == null ? new RawRoute.Reply(404, "text/plain; charset=utf-8", "VM not found")
                : new RawRoute.Reply(200, "application/json", Json.MAPPER.writeValueAsString(env));
    }
}
