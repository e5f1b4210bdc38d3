package io.opencvm.kms;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import org.springframework.stereotype.Component;

/**
 * The on-chain KMS gate's question, shared by every flow that puts an app's VM on a node (commit a
 * provision, replicate): does the app contract allow this compose hash on this device? Apps under a
 * KMS without a chain are always allowed.
 */
@Component
public class OnchainAllowlist {

    private static final String NO_DEVICE = "0".repeat(64);

    private final AppContract contract;

    OnchainAllowlist(AppContract contract) {
        this.contract = contract;
    }

    /**
     * Reads the app contract at {@code appId} (40 hex, with or without {@code 0x}) on {@code kms}'s chain.
     * A KMS on a chain without an RPC URL, or a chain that cannot be read, is 502 ERR-01-103.
     */
    public OnchainStatus status(Kms kms, String appId, String composeHash, String deviceId) {
        if (kms == null || !kms.onChain()) {
            return new OnchainStatus(true, true, true);
        }
        if (kms.rpcUrl() == null || kms.rpcUrl().isBlank()) {
            throw new ApiException(ErrorCode.CHAIN_UNAVAILABLE,
                    "KMS " + kms.publicId() + " is on chain " + kms.chainId() + " but has no RPC URL configured");
        }
        String app = appId.startsWith("0x") ? appId : "0x" + appId;
        try {
            return contract.read(kms.rpcUrl(), app, composeHash, deviceId == null ? NO_DEVICE : deviceId);
        } catch (ChainUnavailable e) {
            throw new ApiException(ErrorCode.CHAIN_UNAVAILABLE, "Cannot read the app contract: " + e.getMessage());
        }
    }
}
