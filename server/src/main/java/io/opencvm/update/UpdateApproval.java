package io.opencvm.update;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.app.App;
import io.opencvm.app.AppCompose;
import io.opencvm.app.AppService;
import io.opencvm.cvm.Cvm;
import io.opencvm.cvm.CvmChange;
import io.opencvm.kms.Kms;
import io.opencvm.kms.OnchainStatus;
import io.opencvm.node.Node;
import io.opencvm.node.NodeService;
import io.opencvm.onchain.CommitTokens;
import io.opencvm.onchain.OnchainGate;
import io.opencvm.onchain.PendingApproval;
import io.opencvm.onchain.PreparedChange;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The on-chain gate of an update, the one replicas go through ({@link OnchainGate}): an app under a contract-owned
 * KMS boots only a compose hash its contract allows on the CVM's device. An update that must wait (or that the
 * client asked to prepare only) is kept under a commit token with its revision and {@code cvm.update.pending_approval}
 * and answered 465; {@code commit-update} applies it once the contract allows it.
 */
@Component
class UpdateApproval {

    private static final OnchainStatus NOTHING_TO_REGISTER = new OnchainStatus(true, true, true);

    private final OnchainGate gate;
    private final CommitTokens tokens;
    private final AppService apps;
    private final NodeService nodes;
    private final UpdateEvents events;

    UpdateApproval(OnchainGate gate, CommitTokens tokens, AppService apps, NodeService nodes, UpdateEvents events) {
        this.gate = gate;
        this.tokens = tokens;
        this.apps = apps;
        this.nodes = nodes;
        this.events = events;
    }

    /** Whether the app's contract already allows {@code composeHash} on the CVM's node (false off chain). */
    boolean registered(App app, Cvm cvm, String composeHash) {
        return gate.contractKms(app)
                .map(kms -> gate.status(kms, app.appId(), composeHash, nodes.get(cvm.nodeId())).isAllowed())
                .orElse(false);
    }

    /**
     * Returns when the update may be written now: always off chain, where {@code X-Prepare-Only} has no effect (the
     * CLI says so when it gets a 2xx), and on chain when the contract allows the hash and the client did not ask to
     * prepare only. Otherwise keeps it, in a transaction of its own (the caller's is
     * rolled back by the refusal): the revision of {@code next}, the token and the event; then throws 465 with the
     * token. Called before the caller's transaction writes anything, the revision above all.
     */
    void requireAllowed(App app, Cvm cvm, AppCompose next, CvmChange change, Preparation preparation) {
        Kms kms = gate.contractKms(app).orElse(null);
        if (kms == null) {
            return;
        }
        Node node = nodes.get(cvm.nodeId());
        OnchainStatus status = next.hash().equals(cvm.composeHash()) ? NOTHING_TO_REGISTER
                : gate.status(kms, app.appId(), next.hash(), node);
        if (status.isAllowed() && !preparation.prepareOnly()) {
            return;
        }
        String token = tokens.issue(new PreparedChange(PreparedChange.Purpose.UPDATE, cvm.workspaceId(), cvm.id(),
                        node.id(), next.hash(), change.encryptedEnv(), change.resources(), change.image()),
                expiresAt -> {
                    apps.addRevision(app.pk(), next.hash(), next.json());
                    events.pendingApproval(cvm, next.hash(), status, preparation.prepareOnly(), expiresAt);
                });
        PendingApproval approval = new PendingApproval(next.hash(), app.appId(), node, kms, status, token,
                preparation.apiBase() + "/cvms/" + cvm.vmUuid() + "/commit-update");
        throw new ApiException(ErrorCode.HASH_REGISTRATION_REQUIRED, message(cvm, status), approval.details(),
                approval.suggestions());
    }

    /**
     * A rollout's gate: under a contract-owned KMS the app contract must already allow {@code next} on the node of
     * every instance that changes hash (468 ERR-01-008 naming the first that is not). No token is kept: the rollout
     * is started again once the contract allows it everywhere.
     */
    void requireAllowedOnEvery(App app, List<Cvm> instances, AppCompose next) {
        Kms kms = gate.contractKms(app).orElse(null);
        if (kms == null) {
            return;
        }
        for (Cvm cvm : instances) {
            if (next.hash().equals(cvm.composeHash())) {
                continue;
            }
            OnchainStatus status = gate.status(kms, app.appId(), next.hash(), nodes.get(cvm.nodeId()));
            if (!status.isAllowed()) {
                throw new ApiException(ErrorCode.HASH_NOT_ALLOWED, message(cvm, status) + "; a rollout starts once the"
                        + " app contract allows compose hash " + next.hash() + " on the node of every instance");
            }
        }
    }

    private static String message(Cvm cvm, OnchainStatus status) {
        if (status.isAllowed()) {
            return "Update of CVM " + cvm.name() + " prepared; commit it with the token";
        }
        if (!status.composeHashAllowed() && !status.deviceIdAllowed()) {
            return "The compose hash and the device of CVM " + cvm.name() + "'s node must be allowed on-chain before"
                    + " the update is applied";
        }
        return status.composeHashAllowed()
                ? "The device of CVM " + cvm.name() + "'s node must be allowed on-chain before the update is applied"
                : "The compose hash must be registered on-chain before CVM " + cvm.name() + " is updated";
    }
}
