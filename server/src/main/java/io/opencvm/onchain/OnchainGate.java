package io.opencvm.onchain;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import io.opencvm.app.App;
import io.opencvm.kms.Kms;
import io.opencvm.kms.KmsService;
import io.opencvm.kms.OnchainAllowlist;
import io.opencvm.kms.OnchainStatus;
import io.opencvm.node.Node;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The on-chain KMS gate: for an app whose KMS is contract-owned, asks the app contract whether a compose hash may
 * boot on a node's device, before anything touches a node; and at commit, checks the transaction the client names
 * and asks again. Apps under a KMS without a chain are always allowed.
 */
@Component
public class OnchainGate {

    private final KmsService kmsService;
    private final OnchainAllowlist allowlist;
    private final TransactionVerifier verifier;

    OnchainGate(KmsService kmsService, OnchainAllowlist allowlist, TransactionVerifier verifier) {
        this.kmsService = kmsService;
        this.allowlist = allowlist;
        this.verifier = verifier;
    }

    /** The app's KMS when it is contract-owned (only those apps are gated), else empty. */
    public Optional<Kms> contractKms(App app) {
        return kmsService.onChain(app.kmsPk());
    }

    /** What the app contract says about {@code composeHash} on {@code node}'s device; all true off chain (or no KMS). */
    public OnchainStatus status(Kms kms, String appId, String composeHash, Node node) {
        return allowlist.status(kms, appId, composeHash, node.deviceId());
    }

    /**
     * At commit, under an on-chain KMS: the transaction the client names is checked (467 when it is not the app
     * contract's), and the contract read again (468 when it still does not allow {@code what}).
     */
    public void requireStillAllowed(Kms kms, String appId, String composeHash, Node node, String transactionHash,
                                    String what) {
        if (kms == null || !kms.onChain()) {
            return;
        }
        verifier.requireVerified(kms, appId, transactionHash);
        OnchainStatus status = status(kms, appId, composeHash, node);
        if (!status.isAllowed()) {
            throw new ApiException(ErrorCode.HASH_NOT_ALLOWED, "The app contract still does not allow " + what,
                    List.of(ErrorDetail.field("onchain_status", status)));
        }
    }
}
