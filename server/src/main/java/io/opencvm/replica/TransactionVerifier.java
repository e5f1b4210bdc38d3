package io.opencvm.replica;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import io.opencvm.kms.ChainUnavailable;
import io.opencvm.kms.TransactionCheck;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Checks the transaction a commit names: a mined, successful transaction to (or logged by) the app
 * contract. {@code already-registered} skips it; the contract is re-read either way.
 */
@Component
class TransactionVerifier {

    private static final Pattern TX_HASH = Pattern.compile("^0x[0-9a-fA-F]{64}$");

    private final TransactionCheck check;

    TransactionVerifier(TransactionCheck check) {
        this.check = check;
    }

    void requireVerified(ReplicaPlan plan, String transactionHash) {
        if (transactionHash == null || transactionHash.isBlank()
                || CommitReplicaRequest.ALREADY_REGISTERED.equals(transactionHash.trim())) {
            return;
        }
        String tx = transactionHash.trim();
        boolean verified;
        try {
            verified = TX_HASH.matcher(tx).matches() && check.verify(plan.kms().rpcUrl(), tx, "0x" + plan.app().appId());
        } catch (ChainUnavailable e) {
            throw new ApiException(ErrorCode.TX_VERIFICATION_FAILED, "Transaction could not be checked: " + e.getMessage(),
                    List.of(ErrorDetail.field("transaction_hash", tx)));
        }
        if (!verified) {
            throw new ApiException(ErrorCode.TX_VERIFICATION_FAILED,
                    "Transaction " + tx + " is not a successful transaction of the app contract",
                    List.of(ErrorDetail.field("transaction_hash", tx)));
        }
    }
}
