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
 * registered the hash itself; the CVM's owner's key is the credential there, the token alone on commit-update). The named transaction is checked and the contract read again outside any transaction;
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

    /**
     * {@code GET /cvms/{id}/commit-update?token=}: what the token would apply. The token is the credential: it names
     * the workspace the CVM is looked up in (466 when it is unknown or cannot be used; 404 for a CVM not of its
     * workspace, as for a missing one).
     */
    PendingUpdate lookup(String cvmId, String token) {
        return redeemable(cvmId, token, null);
    }

    /** {@code POST /cvms/{id}/commit-update}, authorised by the token alone, as {@link #lookup}. */
    UpdateAccepted commit(String cvmId, CommitRequest request) {
        PendingUpdate pending = redeemable(cvmId, request.token(), request.composeHash());
        return apply(pending.cvm(), pending.stored(), request.transactionHash(),
                "commit token of " + pending.cvm().name());
    }

    private PendingUpdate redeemable(String cvmId, String token, String composeHash) {
        long workspaceId = tokens.presented(PreparedChange.Purpose.UPDATE, token).change().workspaceId();
        Cvm cvm = cvms.resolveInWorkspace(workspaceId, cvmId);
        return new PendingUpdate(cvm, tokens.redeemable(workspaceId, PreparedChange.Purpose.UPDATE, token, cvm.id(),
                composeHash));
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
        return apply(cvm, stored, transactionHash, "api:" + caller.username() + " (commit)");
    }

    private UpdateAccepted apply(Cvm cvm, StoredChange stored, String transactionHash, String triggeredBy) {
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
                    change.image()), triggeredBy);
        });
        return new UpdateAccepted(op.publicId(), change.composeHash(),
                !Objects.equals(ComposeEdit.allowedEnvsOf(before), ComposeEdit.allowedEnvsOf(after)));
    }

    /** A kept update and the CVM it is for. */
    record PendingUpdate(Cvm cvm, StoredChange stored) {
    }
}
