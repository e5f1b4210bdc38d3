package io.opencvm.vmmsim;

import io.opencvm.vmmsim.kms.KmsSimulator;
import io.opencvm.vmmsim.prpc.Hex;
import io.opencvm.vmmsim.prpc.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one simulator process runs, in two machine-readable forms: the ready document (one JSON line on stdout
 * and, with {@code --ready-file}, a file) and the control plane's nodes file ({@code OPENCVM_NODES_FILE}:
 * {@code {"kms":[…],"nodes":[…]}} in the shapes of {@code POST /admin/kms} and {@code POST /admin/nodes}).
 */
final class FleetDescription {

    static final String KMS_ID = "kms-sim";
    static final String KMS_SLUG = "phala";
    private static final long BASE_CHAIN_ID = 8453;

    /** A node's capacity as the nodes file registers it. */
    record Capacity(int vcpu, int memoryMb, int diskGb, int slots) {
    }

    private final KmsSimulator kms;
    private final KmsSimulator onChainKms;
    private final long chainId;
    private final String rpcUrl;
    private final List<VmmSimulator> nodes;
    private final ControlListener control;

    FleetDescription(KmsSimulator kms, KmsSimulator onChainKms, long chainId, String rpcUrl, List<VmmSimulator> nodes,
            ControlListener control) {
        this.kms = kms;
        this.onChainKms = onChainKms;
        this.chainId = chainId;
        this.rpcUrl = rpcUrl;
        this.nodes = List.copyOf(nodes);
        this.control = control;
    }

    /**
     * {@code {"pid", "kms":{url,k256_pubkey}, "kms_onchain", "nodes":[{name,url,device_id,gateway_url}],
     * "control_url"}}.
     */
    String readyJson() {
        Map<String, Object> ready = new LinkedHashMap<>();
        ready.put("pid", ProcessHandle.current().pid());
        ready.put("kms", kmsEntry(kms));
        ready.put("kms_onchain", onChainKms == null ? null : kmsEntry(onChainKms));
        List<Map<String, Object>> nodeList = new ArrayList<>();
        for (VmmSimulator node : nodes) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", node.profile().name());
            entry.put("url", node.baseUri().toString());
            entry.put("device_id", node.profile().deviceId());
            entry.put("gateway_url", node.gatewayUri() == null ? null : node.gatewayUri().toString());
            nodeList.add(entry);
        }
        ready.put("nodes", nodeList);
        ready.put("control_url", control == null ? null : control.baseUri().toString());
        return Json.MAPPER.writeValueAsString(ready);
    }

    /** The nodes file: the dev KMS (default, slug {@value #KMS_SLUG}), the on-chain one if any, every node. */
    String nodesFileJson(Capacity capacity) {
        List<Map<String, Object>> kmsList = new ArrayList<>();
        kmsList.add(kmsRegistration(KMS_ID, KMS_SLUG, kms, true));
        if (onChainKms != null) {
            Map<String, Object> onChain = kmsRegistration(KMS_ID + "-onchain", chainId == BASE_CHAIN_ID ? "base"
                    : "ethereum", onChainKms, false);
            onChain.put("chain_id", chainId);
            // The simulated on-chain KMS has no DstackKms contract; the control plane needs an address all the same.
            onChain.put("kms_contract_address", "0x" + "0".repeat(40));
            onChain.put("rpc_url", rpcUrl);
            kmsList.add(onChain);
        }
        List<Map<String, Object>> nodeList = new ArrayList<>();
        for (VmmSimulator node : nodes) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", node.profile().name());
            entry.put("vmm_url", node.baseUri().toString());
            entry.put("kms", KMS_ID);
            entry.put("vcpu", capacity.vcpu());
            entry.put("memory_mb", capacity.memoryMb());
            entry.put("disk_gb", capacity.diskGb());
            entry.put("slots", capacity.slots());
            entry.put("device_id", node.profile().deviceId());
            nodeList.add(entry);
        }
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("kms", kmsList);
        file.put("nodes", nodeList);
        return Json.MAPPER.writeValueAsString(file);
    }

    /** Writes {@code text} through a temporary file, so a reader never sees half of it. */
    static void writeAtomically(Path file, String text) {
        try {
            Path absolute = file.toAbsolutePath();
            Files.createDirectories(absolute.getParent());
            Path tmp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
            Files.writeString(tmp, text + "\n");
            Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static Map<String, Object> kmsEntry(KmsSimulator k) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("url", k.baseUri().toString());
        entry.put("k256_pubkey", Hex.encode(k.rootKeys().k256PublicKey()));
        return entry;
    }

    private static Map<String, Object> kmsRegistration(String id, String slug, KmsSimulator k, boolean isDefault) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", id);
        entry.put("slug", slug);
        entry.put("url", k.baseUri().toString());
        entry.put("version", "v0.5.4");
        entry.put("gateway_app_id", "any");
        entry.put("is_default", isDefault);
        return entry;
    }
}
