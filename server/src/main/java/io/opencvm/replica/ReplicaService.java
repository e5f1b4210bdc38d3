package io.opencvm.replica;

import io.opencvm.account.Caller;
import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorBody;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import io.opencvm.app.AppId;
import io.opencvm.app.ComposeHash;
import io.opencvm.cvm.Cvm;
import io.opencvm.cvm.CvmService;
import io.opencvm.cvm.NewCvmSpec;
import io.opencvm.kms.OnchainStatus;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replicate CVM, end to end on the control plane's side: plan (read only), the on-chain gate (before
 * any write or node call), then one transaction that reserves the target's capacity, inserts the
 * replica and its {@code create} operation, and records the response for its Idempotency-Key.
 * A refused request writes nothing but, when it carries a key, the refusal to replay.
 */
@Service
public class ReplicaService {

    private static final Logger log = LoggerFactory.getLogger(ReplicaService.class);
    /** Two replicas of one source racing for the same name: the loser plans its name again. */
    private static final int NAME_RACE_ATTEMPTS = 3;
    private static final Set<ErrorCode> CAPACITY_REFUSALS = EnumSet.of(ErrorCode.INSUFFICIENT_VCPU,
            ErrorCode.INSUFFICIENT_MEMORY, ErrorCode.INSUFFICIENT_SLOTS, ErrorCode.RESOURCE_NOT_AVAILABLE);

    private final ReplicaPlanner planner;
    private final OnchainGate gate;
    private final CommitTokens tokens;
    private final IdempotencyKeys idempotency;
    private final CvmService cvms;
    private final TransactionVerifier verifier;
    private final TransactionTemplate transaction;
    private final JsonMapper json;

    ReplicaService(ReplicaPlanner planner, OnchainGate gate, CommitTokens tokens, IdempotencyKeys idempotency,
                   CvmService cvms, TransactionVerifier verifier, PlatformTransactionManager transactions,
                   JsonMapper json) {
        this.planner = planner;
        this.gate = gate;
        this.tokens = tokens;
        this.idempotency = idempotency;
        this.cvms = cvms;
        this.verifier = verifier;
        this.transaction = new TransactionTemplate(transactions);
        this.json = json;
    }

    /** Replicates once per Idempotency-Key ({@code key} may be null). */
    ReplicaReply replicate(Caller caller, ReplicateCommand command, String key, String fingerprint) {
        if (key == null) {
            return new ReplicaReply(200, execute(caller, command, null));
        }
        IdempotencyKeys.Claim claim = idempotency.claim(caller.workspaceId(), key, fingerprint);
        if (claim.isReplay()) {
            return new ReplicaReply(claim.replayStatus(), claim.replayBody());
        }
        try {
            return new ReplicaReply(200, execute(caller, command, claim));
        } catch (ApiException e) {
            if (e.errorCode().status().is4xxClientError()) {
                idempotency.recordRefusal(claim, e.errorCode().status().value(), json.writeValueAsString(ErrorBody.of(e)));
            } else {
                idempotency.release(claim);
            }
            throw e;
        } catch (RuntimeException e) {
            idempotency.release(claim);
            throw e;
        }
    }

    private String execute(Caller caller, ReplicateCommand command, IdempotencyKeys.Claim claim) {
        Cvm source = planner.source(caller, command.sourceSegment(), command.request());
        if (command.scopedAppId() != null
                && !AppId.parse(command.scopedAppId()).map(a -> a.hex().equals(source.appId())).orElse(false)) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "App " + command.scopedAppId() + " does not own CVM "
                    + command.sourceSegment(), List.of(ErrorDetail.field("app_id", command.scopedAppId())));
        }
        ReplicaPlan plan = planner.plan(caller, source, command.request());
        try {
            return gateAndCreate(caller, command, plan, claim);
        } catch (ApiException full) {
            // The reservation is the re-check of the plan: when the node the planner chose (not the caller)
            // filled up meanwhile, plan once more against fresh state before refusing.
            if (command.request().nodeId() != null || !CAPACITY_REFUSALS.contains(full.errorCode())) {
                throw full;
            }
            ReplicaPlan fresh = planner.plan(caller, source, command.request());
            if (fresh.target().id() == plan.target().id()) {
                throw full;
            }
            return gateAndCreate(caller, command, fresh, claim);
        }
    }

    private String gateAndCreate(Caller caller, ReplicateCommand command, ReplicaPlan plan, IdempotencyKeys.Claim claim) {
        OnchainStatus status = gate.status(plan);
        if (command.prepareOnly() || !status.isAllowed()) {
            throw tokens.prepare(caller, plan, status, command.prepareOnly(), command.apiBase());
        }
        return create(caller, plan, claim, null);
    }

    /** Redeems a commit token: re-checks the plan and the chain, then creates the replica once. */
    ReplicaReply commit(Caller caller, String sourceSegment, CommitReplicaRequest request) {
        Cvm source = cvms.resolve(caller, sourceSegment);
        CommitTokenStore.StoredPlan stored = tokens.redeemable(caller, request.token(), source.id(), request.composeHash());
        ReplicaPlan plan = planner.plan(caller, source,
                new ReplicateRequest(stored.targetNodeId(), stored.encryptedEnv(), new ComposeHash(stored.composeHash())));
        if (plan.kms() != null && plan.kms().onChain()) {
            verifier.requireVerified(plan, request.transactionHash());
            OnchainStatus status = gate.status(plan);
            if (!status.isAllowed()) {
                throw new ApiException(ErrorCode.HASH_NOT_ALLOWED, "The app contract still does not allow this replica",
                        List.of(ErrorDetail.field("onchain_status", Map.of(
                                "compose_hash_allowed", status.composeHashAllowed(),
                                "device_id_allowed", status.deviceIdAllowed(), "is_allowed", false))));
            }
        }
        return new ReplicaReply(200, create(caller, plan, null, stored.id()));
    }

    /**
     * Replicas of one source take their names one at a time (the source's row is locked first), so a
     * name race is left only with unrelated CVMs; it is retried a bounded number of times, then 409.
     */
    private String create(Caller caller, ReplicaPlan plan, IdempotencyKeys.Claim claim, Long tokenId) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.execute(tx -> createOnce(caller, plan, claim, tokenId));
            } catch (DuplicateKeyException raced) {
                if (attempt >= NAME_RACE_ATTEMPTS) {
                    throw new ApiException(ErrorCode.DUPLICATE_CVM_NAME, "Could not find a free replica name for "
                            + plan.source().name() + "; try again");
                }
            } catch (ApiException taken) {
                if (taken.errorCode() != ErrorCode.DUPLICATE_CVM_NAME || attempt >= NAME_RACE_ATTEMPTS) {
                    throw taken;
                }
            }
        }
    }

    private String createOnce(Caller caller, ReplicaPlan plan, IdempotencyKeys.Claim claim, Long tokenId) {
        cvms.lock(plan.source().id());
        if (tokenId != null) {
            tokens.redeem(tokenId);
        }
        Cvm template = plan.template();
        String name = ReplicaNames.next(plan.source().name(), n -> cvms.liveByName(caller.workspaceId(), n).isPresent());
        Cvm replica = cvms.create(new NewCvmSpec(caller.workspaceId(), caller.userId(), plan.app().pk(),
                plan.app().appId(), name, plan.target().id(), plan.composeHash(), template.image(),
                template.instanceType(), template.resources(), plan.encryptedEnv(), plan.source().id(),
                plan.source().listed()), "replica of " + plan.source().name() + " by " + caller.username());
        if (tokenId != null) {
            tokens.attach(tokenId, replica.id());
        }
        String body = json.writeValueAsString(ReplicaJson.vm(cvms.view(replica), plan));
        if (claim != null) {
            idempotency.recordWithin(claim, 200, body);
        }
        log.info("replica {} ({}) of {} ({}) recorded on node {} ({}), revision {}", replica.name(), replica.vmUuid(),
                plan.source().name(), plan.source().vmUuid(), plan.target().name(), plan.placementReason(),
                plan.composeHash());
        return body;
    }
}
