package io.opencvm.chainview;

import io.opencvm.account.Caller;
import io.opencvm.app.App;
import io.opencvm.app.AppService;
import io.opencvm.cvm.Cvm;
import io.opencvm.cvm.CvmService;
import io.opencvm.kms.AppContract;
import io.opencvm.kms.ChainUnavailable;
import io.opencvm.kms.DeviceAllowance;
import io.opencvm.kms.Kms;
import io.opencvm.kms.KmsService;
import io.opencvm.node.Node;
import io.opencvm.node.NodeService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * {@code GET /apps/{app_id}/device-allowlist}: for an app under an on-chain KMS, the devices its live CVMs run on, each
 * with what the app's DstackApp contract (at the app id) says of it now. A chain that cannot be read leaves the
 * on-chain answers unknown and says why in {@code error}.
 */
@Service
class DeviceAllowlist {

    private final AppService apps;
    private final KmsService kms;
    private final CvmService cvms;
    private final NodeService nodes;
    private final AppContract contract;

    DeviceAllowlist(AppService apps, KmsService kms, CvmService cvms, NodeService nodes, AppContract contract) {
        this.apps = apps;
        this.kms = kms;
        this.cvms = cvms;
        this.nodes = nodes;
        this.contract = contract;
    }

    Map<String, Object> of(Caller caller, String appId) {
        App app = apps.inWorkspace(caller.workspaceId(), appId);
        Optional<Kms> chainKms = kms.onChain(app.kmsPk());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("is_onchain_kms", chainKms.isPresent());
        if (chainKms.isEmpty()) {
            m.put("allow_any_device", null);
            m.put("chain_id", null);
            m.put("app_contract_address", null);
            m.put("devices", List.of());
            return m;
        }
        Kms k = chainKms.get();
        String address = "0x" + app.appId();
        Map<Long, List<Long>> cvmsByNode = new LinkedHashMap<>();
        for (Cvm cvm : cvms.liveOfApp(app.pk())) {
            cvmsByNode.computeIfAbsent(cvm.placement().nodeId(), n -> new ArrayList<>()).add(cvm.id());
        }
        List<Node> hosts = cvmsByNode.keySet().stream().map(nodes::find).flatMap(Optional::stream)
                .filter(n -> n.deviceId() != null).toList();
        DeviceAllowance allowance = null;
        String error = null;
        try {
            if (k.rpcUrl() == null || k.rpcUrl().isBlank()) {
                error = "KMS " + k.publicId() + " has no RPC URL configured; the app contract cannot be read";
            } else {
                allowance = contract.devices(k.rpcUrl(), address, hosts.stream().map(Node::deviceId).distinct().toList());
            }
        } catch (ChainUnavailable e) {
            error = "The app contract could not be read: " + e.getMessage();
        }
        List<Map<String, Object>> devices = new ArrayList<>();
        for (Node node : hosts) {
            boolean allowed = allowance != null && allowance.allows(node.deviceId());
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("device_id", node.deviceId());
            d.put("node_name", node.name());
            d.put("cvm_ids", cvmsByNode.get(node.id()));
            d.put("allowed_onchain", allowed);
            d.put("status", allowance == null ? "unknown" : allowed ? "allowed" : "not_allowed");
            devices.add(d);
        }
        m.put("allow_any_device", allowance == null ? null : allowance.allowAnyDevice());
        m.put("chain_id", k.chainId());
        m.put("app_contract_address", address);
        m.put("devices", devices);
        m.put("error", error);
        return m;
    }
}
