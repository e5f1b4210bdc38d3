package io.opencvm.provision;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import io.opencvm.kms.Kms;
import io.opencvm.kms.KmsInfo;
import io.opencvm.kms.OnchainAllowlist;
import io.opencvm.kms.OnchainStatus;
import io.opencvm.node.Node;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Commit of a provision under an on-chain KMS: the client deployed the app contract after provision,
 * so the app id arrives only now; before anything is created the contract must allow the compose hash
 * and the provisioned node's device (else 465 ERR-01-005 with the details the clients read).
 */
@Component
class OnchainCommitGate {

    private final OnchainAllowlist allowlist;

    OnchainCommitGate(OnchainAllowlist allowlist) {
        this.allowlist = allowlist;
    }

    /**
     * The key an on-chain provision without an app id is stored under until its commit names the contract:
     * derived from workspace and compose hash, so a commit finds it and a new provision of the same compose
     * replaces it. Never shown to clients.
     */
    static String pendingAppId(long workspaceId, String composeHash) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("opencvm-pending-onchain-app:" + workspaceId
                    + ":" + composeHash).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** Checks what the commit names against the provision, then asks the app contract; throws when not allowed. */
    void requireAllowed(Kms kms, Node node, Provision p, CommitRequest req) {
        if (req.kmsId() != null && !req.kmsId().equals(kms.publicId()) && !req.kmsId().equals(kms.slug())) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "kms_id " + req.kmsId() + " is not the KMS this app was"
                    + " provisioned under (" + kms.publicId() + ")", List.of(ErrorDetail.field("kms_id", req.kmsId())));
        }
        if (req.contractAddress() != null && !req.contractAddress().equals(req.appId().hex())) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "contract_address must be the app id: under an on-chain"
                    + " KMS the app is its DstackApp contract", List.of(ErrorDetail.field("contract_address",
                    "0x" + req.contractAddress())));
        }
        OnchainStatus status = allowlist.status(kms, req.appId().hex(), p.composeHash(), node.deviceId());
        if (!status.isAllowed()) {
            throw new ApiException(ErrorCode.HASH_REGISTRATION_REQUIRED, "The app contract 0x" + req.appId()
                    + " must allow the compose hash and the device of node " + node.name() + " before the CVM is created",
                    details(kms, node, p, req.appId().hex(), status), suggestions(status));
        }
    }

    private static List<ErrorDetail> details(Kms kms, Node node, Provision p, String appId, OnchainStatus status) {
        return List.of(
                ErrorDetail.field("compose_hash", p.composeHash()),
                ErrorDetail.field("app_id", appId),
                ErrorDetail.field("device_id", node.deviceId() == null ? "" : node.deviceId()),
                ErrorDetail.field("kms_info", KmsInfo.of(kms)),
                ErrorDetail.field("onchain_status", status),
                ErrorDetail.field("node_id", node.id()));
    }

    private static List<String> suggestions(OnchainStatus status) {
        List<String> out = new ArrayList<>();
        if (!status.composeHashAllowed()) {
            out.add("Register the compose hash on the app contract (addComposeHash), then commit again");
        }
        if (!status.deviceIdAllowed()) {
            out.add("Allow the node's device on the app contract (addDevice), then commit again");
        }
        return out;
    }
}
