package io.opencvm.kms;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.EthGetTransactionReceipt;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Checks the transaction a client names when it commits after registering on-chain: it must be
 * mined, have succeeded, and have touched the app contract. The literal {@code already-registered}
 * is the caller's business (it re-reads the allowlist instead).
 */
@Component
public class TransactionCheck {

    private static final Pattern TX_HASH = Pattern.compile("0x[0-9a-fA-F]{64}");

    /** topic0 of the allowlist events a registration emits (DstackApp / IAppAuthBasicManagement). */
    private static final Set<String> ALLOWLIST_TOPICS = Set.of(
            EventEncoder.buildEventSignature("ComposeHashAdded(bytes32)"),
            EventEncoder.buildEventSignature("ComposeHashRemoved(bytes32)"),
            EventEncoder.buildEventSignature("DeviceAdded(bytes32)"),
            EventEncoder.buildEventSignature("DeviceRemoved(bytes32)"),
            EventEncoder.buildEventSignature("AllowAnyDeviceSet(bool)"));

    private final ChainClients chains;

    TransactionCheck(ChainClients chains) {
        this.chains = chains;
    }

    /**
     * True when {@code txHash} has a successful receipt and was sent to {@code appAddress} or made it
     * emit an allowlist event (a multisig or factory may be the direct recipient). A malformed or
     * unknown hash is {@code false}; an unreachable chain throws {@link ChainUnavailable}.
     */
    public boolean verify(String rpcUrl, String txHash, String appAddress) {
        if (txHash == null || !TX_HASH.matcher(txHash).matches()) {
            return false;
        }
        String app = (appAddress.startsWith("0x") ? appAddress : "0x" + appAddress).toLowerCase();
        return receipt(rpcUrl, txHash)
                .filter(r -> "0x1".equals(r.getStatus()))
                .filter(r -> touchesApp(r, app))
                .isPresent();
    }

    private static boolean touchesApp(TransactionReceipt receipt, String app) {
        return app.equalsIgnoreCase(receipt.getTo())
                || receipt.getLogs().stream().anyMatch(log -> isAllowlistEvent(log, app));
    }

    private Optional<TransactionReceipt> receipt(String rpcUrl, String txHash) {
        EthGetTransactionReceipt response;
        try {
            response = chains.forUrl(rpcUrl).ethGetTransactionReceipt(txHash).send();
        } catch (IOException | RuntimeException e) {
            throw new ChainUnavailable("eth_getTransactionReceipt " + txHash + " failed: " + e.getMessage(), e);
        }
        if (response.hasError()) {
            throw new ChainUnavailable("eth_getTransactionReceipt " + txHash + " answered: "
                    + response.getError().getMessage(), null);
        }
        return response.getTransactionReceipt();
    }

    private static boolean isAllowlistEvent(Log log, String app) {
        return app.equalsIgnoreCase(log.getAddress()) && !log.getTopics().isEmpty()
                && ALLOWLIST_TOPICS.contains(log.getTopics().get(0).toLowerCase());
    }
}
