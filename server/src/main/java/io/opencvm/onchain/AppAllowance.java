package io.opencvm.onchain;

import io.opencvm.account.Caller;
import io.opencvm.app.App;
import io.opencvm.app.AppService;
import io.opencvm.cvm.Cvm;
import io.opencvm.cvm.CvmService;
import io.opencvm.kms.AppContract;
import io.opencvm.kms.ChainUnavailable;
import io.opencvm.kms.DeployerKind;
import io.opencvm.kms.Kms;
import io.opencvm.node.Node;
import io.opencvm.node.NodeService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * What an app's contract allows, asked by the clients before they deploy or update ({@code POST /apps/{app_id}/is-allowed},
 * {@code POST /apps/{app_id}/cvms/is-allowed}), and the app's on-chain KMS facts ({@code GET /apps/{app_id}/kms-info}).
 * The same contract reads as the gate; a chain that cannot be read is reported in {@code error}, never a 5xx. Apps under
 * a KMS without a chain are allowed everything (nothing to register).
 */
@Service
class AppAllowance {

    private static final Logger log = LoggerFactory.getLogger(AppAllowance.class);
    private static final String NO_DEVICE = "0".repeat(64);
    private static final Map<Long, String> SAFE_CHAINS = Map.of(1L, "eth", 8453L, "base", 11155111L, "sep", 84532L, "basesep");

    private final AppService apps;
    private final CvmService cvms;
    private final NodeService nodes;
    private final OnchainGate gate;
    private final AppContract contract;

    AppAllowance(AppService apps, CvmService cvms, NodeService nodes, OnchainGate gate, AppContract contract) {
        this.apps = apps;
        this.cvms = cvms;
        this.nodes = nodes;
        this.gate = gate;
        this.contract = contract;
    }

    /** What the contract says of one compose hash on one device. */
    record Answer(Long cvmId, String appContractAddress, String composeHash, String deviceId, boolean composeHashAllowed,
                  boolean allowAnyDevice, Boolean deviceIdAllowed, boolean isAllowed, String error) {
    }

    /** The app's CVMs checked one by one ({@code skipped}: live CVMs on a node without a device id). */
    record Batch(boolean onchain, List<Answer> results, List<Long> skipped) {
    }

    /**
     * What the app's KMS is, for {@code kms-info}, with the app contract's owner (its deployer, who registers hashes)
     * and what kind of account that is; both null off chain, or when the chain cannot be read or names no owner.
     */
    record KmsFacts(boolean onchain, Long chainId, String kmsContractAddress, String appContractAddress,
                    String deployerAddress, DeployerKind deployerKind) {

        /** Where a Safe owner's transactions are signed, for the chains Safe's app names (EIP-3770 short names). */
        String safeAppUrl() {
            String prefix = deployerKind != DeployerKind.SAFE || chainId == null ? null : SAFE_CHAINS.get(chainId);
            return prefix == null ? null : "https://app.safe.global/home?safe=" + prefix + ":" + deployerAddress;
        }
    }

    Answer isAllowed(Caller caller, String appId, IsAllowedRequest request) {
        App app = apps.inWorkspace(caller.workspaceId(), appId);
        String device = request.deviceId() != null ? request.deviceId() : request.nodeId() != null
                ? usableNode(caller, request.nodeId()).deviceId() : oldestInstanceDevice(app);
        return answer(app, gate.contractKms(app), null, request.composeHash().hex(), device == null ? NO_DEVICE : device);
    }

    Batch cvmsAllowed(Caller caller, String appId) {
        App app = apps.inWorkspace(caller.workspaceId(), appId);
        Optional<Kms> kms = gate.contractKms(app);
        List<Answer> results = new ArrayList<>();
        List<Long> skipped = new ArrayList<>();
        for (Cvm cvm : cvms.liveOfApp(app.pk())) {
            String device = nodes.find(cvm.nodeId()).map(Node::deviceId).orElse(null);
            if (kms.isEmpty() || device == null) {
                skipped.add(cvm.id());
            } else {
                results.add(answer(app, kms, cvm.id(), cvm.composeHash(), device));
            }
        }
        return new Batch(kms.isPresent(), results, skipped);
    }

    KmsFacts kmsFacts(Caller caller, String appId) {
        App app = apps.inWorkspace(caller.workspaceId(), appId);
        return gate.contractKms(app).map(k -> onchainFacts(k, "0x" + app.appId()))
                .orElse(new KmsFacts(false, null, null, null, null, null));
    }

    /** The facts of an on-chain app; its owner is read from the chain, and left null when the chain cannot be read. */
    private KmsFacts onchainFacts(Kms kms, String appAddress) {
        String owner = null;
        DeployerKind kind = null;
        if (kms.rpcUrl() != null && !kms.rpcUrl().isBlank()) {
            try {
                owner = contract.owner(kms.rpcUrl(), appAddress).orElse(null);
                kind = owner == null ? null : contract.kindOf(kms.rpcUrl(), owner);
            } catch (ChainUnavailable e) {
                log.warn("kms-info of {}: the app contract's owner could not be read: {}", appAddress, e.getMessage());
            }
        }
        return new KmsFacts(true, kms.chainId(), kms.contractAddress(), appAddress, kind == null ? null : owner, kind);
    }

    private Answer answer(App app, Optional<Kms> kms, Long cvmId, String composeHash, String device) {
        String address = "0x" + app.appId();
        if (kms.isEmpty()) {
            return new Answer(cvmId, address, composeHash, device, true, true, true, true, null);
        }
        String rpc = kms.get().rpcUrl();
        if (rpc == null || rpc.isBlank()) {
            return unknown(cvmId, address, composeHash, device, "KMS " + kms.get().publicId() + " has no RPC URL configured");
        }
        try {
            var status = contract.read(rpc, address, composeHash, device);
            boolean anyDevice = contract.devices(rpc, address, List.of()).allowAnyDevice();
            return new Answer(cvmId, address, composeHash, device, status.composeHashAllowed(), anyDevice,
                    status.deviceIdAllowed(), status.isAllowed(), null);
        } catch (ChainUnavailable e) {
            return unknown(cvmId, address, composeHash, device, "The app contract could not be read: " + e.getMessage());
        }
    }

    private static Answer unknown(Long cvmId, String address, String composeHash, String device, String error) {
        return new Answer(cvmId, address, composeHash, device, false, false, null, false, error);
    }

    private Node usableNode(Caller caller, long nodeId) {
        Node node = nodes.get(nodeId);
        node.requireUsableBy(caller.workspaceId());
        return node;
    }

    private String oldestInstanceDevice(App app) {
        return cvms.liveOfApp(app.pk()).stream().findFirst().flatMap(c -> nodes.find(c.nodeId()))
                .map(Node::deviceId).orElse(null);
    }
}
