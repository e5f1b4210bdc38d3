package io.opencvm.dev;

import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The development chain the embedded on-chain KMS reads: {@code opencvm.embedded.chain.rpc-url}
 * (env {@code OPENCVM_DEV_CHAIN_RPC_URL}; empty = no on-chain KMS), {@code opencvm.embedded.chain.id}
 * (env {@code OPENCVM_DEV_CHAIN_ID}, default 31337, anvil's). {@code kmsContractAddress} is a
 * placeholder: the simulated KMS has no DstackKms contract (every app counts as registered), and the
 * registry wants an address for a KMS with a chain.
 */
@Component
class DevChain {

    /** Reported as the on-chain KMS's {@code kms_contract_address}; no contract lives there. */
    static final String PLACEHOLDER_KMS_CONTRACT = "0x0000000000000000000000000000000000000000";
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    private final String rpcUrl;
    private final long chainId;
    private final String kmsContractAddress;

    DevChain(@Value("${opencvm.embedded.chain.rpc-url:}") String rpcUrl,
             @Value("${opencvm.embedded.chain.id:31337}") long chainId,
             @Value("${opencvm.embedded.chain.kms-contract-address:" + PLACEHOLDER_KMS_CONTRACT + "}") String kmsContract) {
        this.rpcUrl = rpcUrl == null ? "" : rpcUrl.trim();
        this.chainId = chainId;
        if (!ADDRESS.matcher(kmsContract).matches()) {
            throw new IllegalArgumentException("opencvm.embedded.chain.kms-contract-address must be 0x + 40 hex");
        }
        this.kmsContractAddress = kmsContract;
    }

    boolean configured() {
        return !rpcUrl.isEmpty();
    }

    String rpcUrl() {
        return rpcUrl;
    }

    long chainId() {
        return chainId;
    }

    String kmsContractAddress() {
        return kmsContractAddress;
    }

    /** {@code base} on Base (8453), else {@code ethereum}: the {@code kms_type} the clients name it by. */
    String slug() {
        return chainId == 8453L ? "base" : "ethereum";
    }
}
