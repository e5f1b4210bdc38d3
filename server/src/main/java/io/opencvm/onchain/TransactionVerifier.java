package io.opencvm.onchain;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import io.opencvm.kms.ChainUnavailable;
import io.opencvm.kms.Kms;
import io.opencvm.kms.TransactionCheck;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Checks the transaction a commit names: a mined, successful transaction to (or logged by) the app
 * contract. {@code already-registered} (or none) skips it; the contract is re-read either way.
 */
@Component
class TransactionVerifier {

    private static final Pattern TX_HASH = Pattern.compile("^0x[0-9a-fA-F]{64}$");

    private final TransactionCheck check;

    TransactionVerifier(TransactionCheck check) {
        this.check = check;
    }

    void requireVerified(Kms kms, String appId, String transactionHash) {
        if (transactionHash == null || transactionHash.isBlank()
                || CommitRequest.ALREADY_REGISTERED.equals(transactionHash.trim())) {
            return;
        }
        String tx = transactionHash.trim();
        boolean verified;
        try {
            verified = TX_HASH.matcher(tx).matches() && check.verify(kms.rpcUrl(), tx, "0x" + appId);
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
