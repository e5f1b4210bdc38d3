package io.opencvm.chainview;

import io.opencvm.account.Caller;
import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.kms.AppContract;
import io.opencvm.kms.ChainUnavailable;
import io.opencvm.kms.Kms;
import io.opencvm.kms.KmsService;
import io.opencvm.node.Node;
import io.opencvm.node.NodeImage;
import io.opencvm.node.NodeService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * {@code GET /kms/on-chain/{chain}}: each registered KMS on the chain with the devices and OS images of the nodes that
 * use it (those the caller's workspace may use), and whether the KMS contract allows each ({@code kmsAllowedDeviceIds},
 * {@code allowedOsImages}). {@code on_chain_allowed} is null where it could not be told: no contract code at the
 * address, no image hash, or a chain that does not answer ({@code error} says which).
 */
@Service
class ChainDetails {

    /** The chains the published API names, with the chain id each has when no KMS of it is registered. */
    static final Map<String, Long> CHAINS = Map.of("ethereum", 1L, "base", 8453L);

    private final KmsService kms;
    private final NodeService nodes;
    private final AppContract contracts;

    ChainDetails(KmsService kms, NodeService nodes, AppContract contracts) {
        this.kms = kms;
        this.nodes = nodes;
        this.contracts = contracts;
    }

    Map<String, Object> of(Caller caller, String chain) {
        if (!CHAINS.containsKey(chain)) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "Unsupported chain name '" + clip(chain)
                    + "'; supported: base, ethereum");
        }
        List<Kms> onChain = kms.all().stream().filter(Kms::onChain).filter(k -> k.kmsType().equals(chain)).toList();
        List<Map<String, Object>> contractsOut = new ArrayList<>();
        for (Kms k : onChain) {
            contractsOut.add(contract(caller, chain, k));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chain_name", chain);
        m.put("chain_id", onChain.isEmpty() ? CHAINS.get(chain) : onChain.get(0).chainId());
        m.put("contracts", contractsOut);
        return m;
    }

    private Map<String, Object> contract(Caller caller, String chain, Kms k) {
        List<Node> using = nodes.all().stream().filter(n -> Objects.equals(n.kmsId(), k.pk()))
                .filter(n -> n.usableBy(caller.workspaceId())).toList();
        List<Node> withDevice = using.stream().filter(n -> n.deviceId() != null).toList();
        Map<String, NodeImage> images = new LinkedHashMap<>();
        using.forEach(n -> n.images().forEach(i -> images.putIfAbsent(i.name() + "@" + i.version(), i)));
        String error = null;
        Optional<Map<String, Boolean>> devices = Optional.empty();
        Optional<Map<String, Boolean>> osImages = Optional.empty();
        if (k.rpcUrl() == null || k.rpcUrl().isBlank() || k.contractAddress() == null) {
            error = "KMS " + k.publicId() + " has no RPC URL or contract address configured";
        } else {
            try {
                devices = contracts.flags(k.rpcUrl(), k.contractAddress(), "kmsAllowedDeviceIds",
                        withDevice.stream().map(Node::deviceId).distinct().toList());
                osImages = contracts.flags(k.rpcUrl(), k.contractAddress(), "allowedOsImages", images.values().stream()
                        .map(NodeImage::osImageHash).filter(Objects::nonNull).distinct().toList());
                if (devices.isEmpty()) {
                    error = "No contract code at " + k.contractAddress() + " on chain " + k.chainId();
                }
            } catch (ChainUnavailable e) {
                error = "The KMS contract could not be read: " + e.getMessage();
            }
        }
        Map<String, Boolean> deviceFlags = devices.orElse(Map.of());
        Map<String, Boolean> imageFlags = osImages.orElse(Map.of());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("contract_address", k.contractAddress());
        c.put("chain_id", k.chainId());
        c.put("chain_name", chain);
        c.put("kms_id", k.publicId());
        c.put("devices", withDevice.stream().map(n -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("device_id", n.deviceId());
            d.put("node_name", n.name());
            d.put("on_chain_allowed", deviceFlags.get(n.deviceId()));
            return d;
        }).toList());
        c.put("os_images", images.values().stream().map(i -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", i.name());
            o.put("version", i.version());
            o.put("os_image_hash", i.osImageHash());
            o.put("on_chain_allowed", i.osImageHash() == null ? null : imageFlags.get(i.osImageHash()));
            return o;
        }).toList());
        c.put("error", error);
        return c;
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
