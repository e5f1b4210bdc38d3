package io.opencvm.update;

import io.opencvm.account.Caller;
import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import io.opencvm.app.App;
import io.opencvm.app.AppService;
import io.opencvm.app.ComposeEdit;
import io.opencvm.app.ComposeHash;
import io.opencvm.cvm.Cvm;
import io.opencvm.cvm.CvmChange;
import io.opencvm.cvm.CvmService;
import io.opencvm.node.NodeService;
import io.opencvm.onchain.CommitRequest;
import io.opencvm.onchain.CommitTokens;
import io.opencvm.onchain.OnchainGate;
import io.opencvm.onchain.PreparedChange;
import io.opencvm.onchain.StoredChange;
import io.opencvm.operation.Operation;
import java.util.List;
import java.util.Objects;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The second phase of an update that waited for on-chain approval: {@code POST /cvms/{id}/commit-update} with the
 * commit token, or {@code PATCH /cvms/{id}} with {@code X-Compose-Hash}/{@code X-Transaction-Hash} (the CLI, after it
 * registered the hash itself). The named transaction is checked and the contract read again outside any transaction;
 * then the token is used and the kept update written in one transaction, as a direct update would be.
 */
@Service
class UpdateCommits {

    private final CvmService cvms;
    private final AppService apps;
    private final NodeService nodes;
    private final OnchainGate gate;
    private final CommitTokens tokens;
    private final TransactionTemplate transaction;
    private final Rollouts rollouts;

    UpdateCommits(CvmService cvms, AppService apps, NodeService nodes, OnchainGate gate, CommitTokens tokens,
                  PlatformTransactionManager transactions, Rollouts rollouts) {
        this.cvms = cvms;
        this.rollouts = rollouts;
        this.apps = apps;
        this.nodes = nodes;
        this.gate = gate;
        this.tokens = tokens;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** {@code GET /cvms/{id}/commit-update?token=}: what the token would apply (466 when it cannot be used). */
    PendingUpdate lookup(Caller caller, String cvmId, String token) {
        Cvm cvm = cvms.resolve(caller, cvmId);
        StoredChange stored = tokens.redeemable(caller.workspaceId(), PreparedChange.Purpose.UPDATE, token, cvm.id(), null);
        return new PendingUpdate(cvm, stored);
    }

    /** {@code POST /cvms/{id}/commit-update}. */
    UpdateAccepted commit(Caller caller, String cvmId, CommitRequest request) {
        Cvm cvm = cvms.resolve(caller, cvmId);
        StoredChange stored = tokens.redeemable(caller.workspaceId(), PreparedChange.Purpose.UPDATE, request.token(),
                cvm.id(), request.composeHash());
        return apply(caller, cvm, stored, request.transactionHash());
    }

    /** {@code PATCH /cvms/{id}} with {@code X-Compose-Hash}: the CVM's newest update still waiting for that hash. */
    UpdateAccepted confirm(Caller caller, String cvmId, String composeHash, String transactionHash) {
        Cvm cvm = cvms.resolve(caller, cvmId);
        String hash = ComposeHash.parse(composeHash).map(ComposeHash::hex).orElseThrow(() -> new ApiException(
                ErrorCode.INVALID_REQUEST, "X-Compose-Hash must be a 64-hex compose hash",
                List.of(ErrorDetail.field("X-Compose-Hash", composeHash))));
        StoredChange stored = tokens.waiting(PreparedChange.Purpose.UPDATE, List.of(cvm.id())).stream()
                .filter(s -> s.change().composeHash().equals(hash))
                .reduce((older, newer) -> newer)
                .orElseThrow(() -> new ApiException(ErrorCode.HASH_INVALID_OR_EXPIRED, "No update of CVM " + cvm.name()
                        + " with compose hash " + hash + " is waiting (it expired, was applied, or was never prepared)",
                        List.of(ErrorDetail.field("compose_hash", hash))));
        return apply(caller, cvm, stored, transactionHash);
    }

    private UpdateAccepted apply(Caller caller, Cvm cvm, StoredChange stored, String transactionHash) {
        PreparedChange change = stored.change();
        App app = apps.find(cvm.origin().appPk()).orElseThrow();
        gate.requireStillAllowed(gate.contractKms(app).orElse(null), app.appId(), change.composeHash(),
                nodes.get(cvm.nodeId()), transactionHash, "compose hash " + change.composeHash() + " on this CVM's node");
        String before = apps.revision(app.pk(), cvm.composeHash()).orElseThrow().composeFile();
        String after = apps.revision(app.pk(), change.composeHash()).orElseThrow().composeFile();
        Operation op = transaction.execute(tx -> {
            rollouts.requireNoneRolling(cvm);
            tokens.redeem(stored.id());
            return cvms.update(cvm, new CvmChange(change.composeHash(), change.encryptedEnv(), change.resources(),
                    change.image()), "api:" + caller.username() + " (commit)");
        });
        return new UpdateAccepted(op.publicId(), change.composeHash(),
                !Objects.equals(ComposeEdit.allowedEnvsOf(before), ComposeEdit.allowedEnvsOf(after)));
    }

    /** A kept update and the CVM it is for. */
    record PendingUpdate(Cvm cvm, StoredChange stored) {
    }
}
