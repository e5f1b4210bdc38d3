package io.opencvm.update;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import io.opencvm.app.App;
import io.opencvm.cvm.Cvm;
import io.opencvm.kms.Kms;
import io.opencvm.kms.KmsInfo;
import io.opencvm.kms.KmsService;
import io.opencvm.kms.OnchainAllowlist;
import io.opencvm.kms.OnchainStatus;
import io.opencvm.node.Node;
import io.opencvm.node.NodeService;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The on-chain gate of an update: an app under a contract-owned KMS boots only a compose hash its contract allows on
 * the CVM's device, so a new hash is refused with 465 ERR-01-005 (and the details the clients read) until it is
 * registered. Asked before anything is written; apps under a KMS without a chain always pass.
 */
@Component
class UpdateGate {

    private final KmsService kmsService;
    private final NodeService nodes;
    private final OnchainAllowlist allowlist;

    UpdateGate(KmsService kmsService, NodeService nodes, OnchainAllowlist allowlist) {
        this.kmsService = kmsService;
        this.nodes = nodes;
        this.allowlist = allowlist;
    }

    /** Whether the app may boot {@code composeHash} on the CVM's node (always, off chain). */
    boolean allows(App app, Cvm cvm, String composeHash) {
        Kms kms = kmsOf(app);
        return kms == null || allowlist.status(kms, app.appId(), composeHash, nodes.get(cvm.nodeId()).deviceId()).isAllowed();
    }

    void requireAllowed(App app, Cvm cvm, String composeHash) {
        Kms kms = kmsOf(app);
        if (kms == null) {
            return;
        }
        Node node = nodes.get(cvm.nodeId());
        OnchainStatus status = allowlist.status(kms, app.appId(), composeHash, node.deviceId());
        if (!status.isAllowed()) {
            throw new ApiException(ErrorCode.HASH_REGISTRATION_REQUIRED, "The app contract 0x" + app.appId()
                    + " must allow compose hash " + composeHash + " on the device of node " + node.name()
                    + " before CVM " + cvm.name() + " is updated", List.of(
                    ErrorDetail.field("compose_hash", composeHash),
                    ErrorDetail.field("app_id", app.appId()),
                    ErrorDetail.field("device_id", node.deviceId() == null ? "" : node.deviceId()),
                    ErrorDetail.field("kms_info", KmsInfo.of(kms)),
                    ErrorDetail.field("onchain_status", status)));
        }
    }

    /** The app's KMS when it is contract-owned, else null. */
    private Kms kmsOf(App app) {
        Kms kms = app.kmsPk() == null ? null : kmsService.find(app.kmsPk()).orElse(null);
        return kms != null && kms.onChain() ? kms : null;
    }
}
