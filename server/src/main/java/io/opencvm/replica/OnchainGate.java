package io.opencvm.replica;

import io.opencvm.kms.OnchainAllowlist;
import io.opencvm.kms.OnchainStatus;
import org.springframework.stereotype.Component;

/**
 * The on-chain KMS gate: for an app whose KMS is contract-owned, asks the app contract whether the
 * plan's compose hash and the target node's device may boot — before anything touches a node. Apps
 * under a KMS without a chain are always allowed.
 */
@Component
class OnchainGate {

    private final OnchainAllowlist allowlist;

    OnchainGate(OnchainAllowlist allowlist) {
        this.allowlist = allowlist;
    }

    OnchainStatus status(ReplicaPlan plan) {
        return allowlist.status(plan.kms(), plan.app().appId(), plan.composeHash(), plan.target().deviceId());
    }
}
