package io.opencvm.replica;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.kms.AppContract;
import io.opencvm.kms.ChainUnavailable;
import io.opencvm.kms.OnchainStatus;
import org.springframework.stereotype.Component;

/**
 * The on-chain KMS gate: for an app whose KMS is contract-owned, asks the app contract whether the
 * plan's compose hash and the target node's device may boot — before anything touches a node. Apps
 * under a KMS without a chain are always allowed.
 */
@Component
class OnchainGate {

    private final AppContract contract;

    OnchainGate(AppContract contract) {
        this.contract = contract;
    }

    OnchainStatus status(ReplicaPlan plan) {
        if (plan.kms() == null || !plan.kms().onChain()) {
            return new OnchainStatus(true, true, true);
        }
        if (plan.kms().rpcUrl() == null || plan.kms().rpcUrl().isBlank()) {
            throw new ApiException(ErrorCode.CHAIN_UNAVAILABLE,
                    "KMS " + plan.kms().publicId() + " is on chain " + plan.kms().chainId() + " but has no RPC URL configured");
        }
        try {
            return contract.read(plan.kms().rpcUrl(), "0x" + plan.app().appId(), plan.composeHash(),
                    plan.target().deviceId() == null ? "0".repeat(64) : plan.target().deviceId());
        } catch (ChainUnavailable e) {
            throw new ApiException(ErrorCode.CHAIN_UNAVAILABLE, "Cannot read the app contract: " + e.getMessage());
        }
    }
}
