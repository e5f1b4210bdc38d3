package io.opencvm.guest;

import io.opencvm.account.Caller;
import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.cvm.CvmService;
import io.opencvm.cvm.CvmView;
import io.opencvm.node.Node;
import io.opencvm.vmm.GuestMessages.Container;
import io.opencvm.vmm.GuestMessages.GuestInfo;
import io.opencvm.vmm.GuestMessages.ListContainersResponse;
import io.opencvm.vmm.GuestMessages.NetworkInformation;
import io.opencvm.vmm.GuestMessages.SystemInfo;
import io.opencvm.vmm.VmmMessages.GetInfoResponse;
import io.opencvm.vmm.VmInfo;
import io.opencvm.vmm.VmmClient;
import io.opencvm.vmm.VmmClients;
import io.opencvm.vmm.VmmException;
import java.io.InputStream;
import java.util.List;
import java.util.function.BiFunction;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what runs inside a CVM from its node: the proxied guest API ({@code /guest/…}), the node's console logs and
 * its gateway settings. Every read is of the caller's CVM; a node or guest that does not answer gives a reading with
 * the reason instead of a value.
 */
@Service
public class GuestService {

    record Composition(CvmView view, GuestReading<List<Container>> containers, GuestGateway gateway) {
    }

    record Stats(CvmView view, GuestReading<SystemInfo> sysinfo) {
    }

    record Network(CvmView view, GuestReading<NetworkInformation> network) {
    }

    /** The node's gateway and the SSH keys the VM was given in its {@code user_config} (empty when unknown). */
    record UserConfig(CvmView view, GuestGateway gateway, List<String> sshAuthorizedKeys) {
    }

    /** What {@code GET /logs} of a node takes: channel, whether to follow, how many lines back, colours or not. */
    record ConsoleRequest(String channel, boolean follow, int lines, boolean ansi) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CvmService cvms;
    private final VmmClients clients;
    private final SignedConsoleLinks links;

    GuestService(CvmService cvms, VmmClients clients, SignedConsoleLinks links) {
        this.cvms = cvms;
        this.clients = clients;
        this.links = links;
    }

    Composition composition(Caller caller, String cvmId) {
        CvmView view = cvms.view(caller, cvmId);
        GuestReading<List<Container>> containers = ask(view, (vmm, vm) -> containersOf(vmm.guestContainers(vm)));
        return new Composition(view, containers, containers.online() ? gateway(view.node()) : null);
    }

    Stats stats(Caller caller, String cvmId) {
        CvmView view = cvms.view(caller, cvmId);
        return new Stats(view, ask(view, VmmClient::guestSysInfo));
    }

    Network network(Caller caller, String cvmId) {
        CvmView view = cvms.view(caller, cvmId);
        return new Network(view, ask(view, VmmClient::guestNetworkInfo));
    }

    /** The guest agent's {@code Info}: app and instance ids, the RA-TLS certificate chain and the TCB info. */
    public GuestReading<GuestInfo> info(CvmView view) {
        return ask(view, VmmClient::guestInfo);
    }

    /** The node's own record of the CVM's VM ({@code GetInfo}); an empty reading when the node does not know it. */
    GuestReading<VmInfo> vmInfo(CvmView view) {
        return ask(view, (vmm, vm) -> {
            GetInfoResponse reply = vmm.getInfo(vm);
            return reply == null || !reply.found() ? null : reply.info();
        });
    }

    UserConfig userConfig(Caller caller, String cvmId) {
        CvmView view = cvms.view(caller, cvmId);
        GuestReading<VmInfo> info = vmInfo(view);
        String text = info.value() == null || info.value().configuration() == null ? null
                : info.value().configuration().userConfig();
        return new UserConfig(view, gateway(view.node()), authorizedKeys(text));
    }

    /**
     * The node's console of the CVM a signed link names, as a stream the caller closes. 403 for a link that is not
     * this server's or has expired, 404 for a CVM gone meanwhile, 409 before its VM exists, 502 when the node does not
     * serve it.
     */
    InputStream console(String publicId, long expires, String signature, ConsoleRequest request) {
        links.verify(publicId, expires, signature);
        CvmView view = cvms.liveByPublicId(publicId)
                .orElseThrow(() -> new ApiException(ErrorCode.CVM_NOT_FOUND, "CVM " + publicId + " not found"));
        String vm = view.cvm().placement().nodeVmId();
        if (vm == null) {
            throw new ApiException(ErrorCode.CVM_INVALID_STATE, "CVM " + view.cvm().name() + " has no VM on its node yet");
        }
        try {
            return vmm(view.node()).logs(vm, request.channel(), request.follow(), request.lines(), request.ansi());
        } catch (VmmException e) {
            throw new ApiException(ErrorCode.NODE_UNAVAILABLE, "Node " + view.node().name() + " did not serve the logs: "
                    + e.getMessage());
        }
    }

    private <T> GuestReading<T> ask(CvmView view, BiFunction<VmmClient, String, T> call) {
        String vm = view.cvm().placement().nodeVmId();
        if (vm == null) {
            return GuestReading.failed("The CVM has no VM on its node yet");
        }
        try {
            return GuestReading.of(call.apply(vmm(view.node()), vm));
        } catch (VmmException e) {
            return GuestReading.failed(switch (e.kind()) {
                case REJECTED -> "The guest did not answer: " + e.getMessage();
                case UNREACHABLE, UNAUTHORIZED, PROTOCOL -> "Node " + view.node().name() + " did not answer: " + e.getMessage();
            });
        }
    }

    /** The node's gateway settings, or null when the node does not answer or has none. */
    private GuestGateway gateway(Node node) {
        try {
            return GuestGateway.of(vmm(node).getMeta());
        } catch (VmmException e) {
            return null;
        }
    }

    private VmmClient vmm(Node node) {
        return clients.forNode(node.settings().vmmUrl(), node.settings().vmmToken());
    }

    /** {@code ssh_authorized_keys} of a {@code user_config} as opencvm writes it; empty for anything else. */
    static List<String> authorizedKeys(String userConfig) {
        if (userConfig == null || userConfig.isBlank()) {
            return List.of();
        }
        try {
            JsonNode keys = JSON.readTree(userConfig).path("ssh_authorized_keys");
            return keys.isArray() ? keys.valueStream().filter(JsonNode::isString).map(JsonNode::asString).toList()
                    : List.of();
        } catch (JacksonException e) {
            return List.of();
        }
    }

    private static List<Container> containersOf(ListContainersResponse response) {
        return response == null || response.containers() == null ? List.of() : response.containers();
    }
}
