package io.opencvm.replica;

import io.opencvm.account.Caller;
import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import io.opencvm.app.AppId;
import io.opencvm.app.ComposeHash;
import io.opencvm.cvm.Cvm;
import io.opencvm.cvm.CvmOrigin;
import io.opencvm.cvm.CvmService;
import io.opencvm.cvm.CvmSpec;
import io.opencvm.cvm.CvmView;
import io.opencvm.cvm.NewCvmContext;
import io.opencvm.cvm.NewCvmSpec;
import io.opencvm.kms.OnchainStatus;
import io.opencvm.node.NodeService;
import io.opencvm.onchain.CommitRequest;
import io.opencvm.onchain.CommitTokens;
import io.opencvm.onchain.OnchainGate;
import io.opencvm.onchain.PreparedChange;
import io.opencvm.onchain.StoredChange;
import io.opencvm.replica.ReplicaOutcome.Created;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replicate CVM, end to end on the control plane's side, as one pipeline: find the source, plan (read only),
 * ask the on-chain gate (before any write or node call), then either prepare (a commit token, nothing
 * created) or create the replica in one transaction that reserves the target's capacity and inserts the
 * replica and its {@code create} operation. Refusals are thrown; a refused request writes nothing.
 * Idempotency-Key wraps the pipeline ({@link IdempotencyKeys#once}).
 */
@Service
public class ReplicaService {

    private static final Logger log = LoggerFactory.getLogger(ReplicaService.class);
    /** A replica's chosen name taken meanwhile by an unrelated CVM: the name is chosen again, this many times in all. */
    private static final int NAME_RACE_ATTEMPTS = 3;

    private final ReplicaPlanner planner;
    private final OnchainGate gate;
    private final CommitTokens tokens;
    private final IdempotencyKeys idempotency;
    private final CvmService cvms;
    private final NodeService nodes;
    private final ReplicaEvents events;
    private final SourceQueue queue;
    private final TransactionTemplate transaction;
    private final JsonMapper json;

    ReplicaService(ReplicaPlanner planner, OnchainGate gate, CommitTokens tokens, IdempotencyKeys idempotency,
                   CvmService cvms, NodeService nodes, ReplicaEvents events, SourceQueue queue,
                   PlatformTransactionManager transactions, JsonMapper json) {
        this.planner = planner;
        this.gate = gate;
        this.tokens = tokens;
        this.idempotency = idempotency;
        this.cvms = cvms;
        this.nodes = nodes;
        this.events = events;
        this.queue = queue;
        this.transaction = new TransactionTemplate(transactions);
        this.json = json;
    }

    /**
     * Replicates once per Idempotency-Key ({@code key} may be null). The replica's JSON is written once: with a
     * key, inside the transaction (where it is recorded for replays), and that same text is the answer.
     */
    ReplicaReply replicate(Caller caller, ReplicateCommand command, String key, String fingerprint) {
        if (key == null) {
            return reply(replicate(caller, command, created -> { }));
        }
        return idempotency.once(caller.workspaceId(), key, fingerprint, recordWithin -> {
            AtomicReference<ReplicaReply> recorded = new AtomicReference<>();
            ReplicaOutcome outcome = replicate(caller, command, created -> {
                recorded.set(reply(created));
                recordWithin.accept(recorded.get());
            });
            return outcome instanceof Created && recorded.get() != null ? recorded.get() : reply(outcome);
        });
    }

    /** Redeems a commit token: re-checks the plan and the chain, then creates the replica once. */
    ReplicaReply commit(Caller caller, String sourceSegment, CommitRequest request) {
        Cvm source = cvms.resolve(caller, sourceSegment);
        StoredChange stored = tokens.redeemable(caller.workspaceId(), PreparedChange.Purpose.REPLICA, request.token(),
                source.id(), request.composeHash());
        PreparedChange change = stored.change();
        ReplicaPlan plan = planner.plan(caller, source,
                new ReplicateRequest(change.nodeId(), change.encryptedEnv(), new ComposeHash(change.composeHash())));
        gate.requireStillAllowed(plan.kms(), plan.app().appId(), plan.composeHash(), plan.target(),
                request.transactionHash(), "this replica");
        Created created = create(caller, plan, stored.id(), replica -> { }).orElseThrow(() -> lackOfRoom(plan));
        return reply(created);
    }

    /**
     * The commit of {@code POST /apps/{app_id}/instances}: the token names the source the prepared instance copies,
     * which must be an instance of that app; then as commit-replica.
     */
    ReplicaReply commitInstance(Caller caller, String appId, CommitRequest request) {
        StoredChange stored = tokens.issued(caller.workspaceId(), PreparedChange.Purpose.REPLICA, request.token());
        String sourceSegment = Long.toString(stored.change().cvmId());
        requireScopedApp(appId, sourceSegment, cvms.resolve(caller, sourceSegment));
        return commit(caller, sourceSegment, request);
    }

    /**
     * The pipeline. The reservation is the re-check of the plan: when the node the planner chose (not the
     * caller) filled up meanwhile, the replica is planned once more on fresh state before it is refused.
     */
    private ReplicaOutcome replicate(Caller caller, ReplicateCommand command, Consumer<Created> withinTransaction) {
        Cvm source = planner.source(caller, command.sourceSegment(), command.request());
        if (command.scopedAppId() != null) {
            requireScopedApp(command.scopedAppId(), command.sourceSegment(), source);
        }
        ReplicaPlan plan = planner.plan(caller, source, command.request());
        Optional<ReplicaOutcome> outcome = prepareOrCreate(caller, command, plan, withinTransaction);
        if (outcome.isPresent()) {
            return outcome.get();
        }
        ReplicaPlan fresh = command.request().nodeId() == null ? planner.plan(caller, source, command.request()) : plan;
        if (fresh.target().id() == plan.target().id()) {
            throw lackOfRoom(plan);
        }
        return prepareOrCreate(caller, command, fresh, withinTransaction).orElseThrow(() -> lackOfRoom(fresh));
    }

    /** Prepared when the gate says no or the client asked to prepare only; else created; empty when the node is full. */
    private Optional<ReplicaOutcome> prepareOrCreate(Caller caller, ReplicateCommand command, ReplicaPlan plan,
                                                     Consumer<Created> withinTransaction) {
        OnchainStatus status = gate.status(plan.kms(), plan.app().appId(), plan.composeHash(), plan.target());
        if (command.prepareOnly() || !status.isAllowed()) {
            return Optional.of(prepare(caller, plan, status, command.prepareOnly(), command.apiBase()));
        }
        return create(caller, plan, null, withinTransaction).map(created -> created);
    }

    /** Keeps the plan under a new commit token, with {@code cvm.replica.pending_approval}; nothing is created. */
    private ReplicaOutcome.Prepared prepare(Caller caller, ReplicaPlan plan, OnchainStatus status, boolean prepareOnly,
                                            String apiBase) {
        String token = tokens.issue(new PreparedChange(PreparedChange.Purpose.REPLICA, caller.workspaceId(),
                        plan.source().id(), plan.target().id(), plan.composeHash(), plan.encryptedEnv(), null, null),
                expiresAt -> events.pendingApproval(plan, status, prepareOnly, expiresAt));
        return new ReplicaOutcome.Prepared(plan, status, token,
                apiBase + "/cvms/" + plan.source().vmUuid() + "/commit-replica", prepareOnly);
    }

    private static void requireScopedApp(String appId, String sourceSegment, Cvm source) {
        if (!AppId.parse(appId).map(a -> a.hex().equals(source.appId())).orElse(false)) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "App " + appId + " does not own CVM " + sourceSegment,
                    List.of(ErrorDetail.field("app_id", appId)));
        }
    }

    /**
     * Creates the replica in one transaction; empty, with nothing written, when the target node has no room
     * left. Replicas of one source take their numbers one at a time (the source's row is locked first, and it
     * records the smallest free number), so a name is lost only to an unrelated CVM or to a replica made before
     * replicas recorded their number: then the name is chosen again by probing names upwards from the smallest
     * free number, a bounded number of times, then 409.
     */
    private Optional<Created> create(Caller caller, ReplicaPlan plan, Long tokenId, Consumer<Created> withinTransaction) {
        NewCvmContext context = cvms.newCvmContext(caller, plan.app(), plan.composeHash(), plan.target(), plan.kms());
        return queue.inTurn(plan.source().id(), () -> {
            for (int attempt = 1; attempt <= NAME_RACE_ATTEMPTS; attempt++) {
                boolean probe = attempt > 1;
                try {
                    return transaction.execute(tx -> createOnce(caller, plan, context, tokenId, withinTransaction, probe, tx));
                } catch (DuplicateKeyException nameTaken) {
                    log.debug("replica name of {} taken meanwhile (attempt {})", plan.source().name(), attempt);
                }
            }
            throw new ApiException(ErrorCode.DUPLICATE_CVM_NAME, "Could not find a free replica name for "
                    + plan.source().name() + "; try again");
        });
    }

    private Optional<Created> createOnce(Caller caller, ReplicaPlan plan, NewCvmContext context, Long tokenId,
                                         Consumer<Created> withinTransaction, boolean probe, TransactionStatus tx) {
        Cvm source = plan.source();
        int number = cvms.lockForReplica(source.id());
        if (tokenId != null) {
            tokens.redeem(tokenId);
        }
        if (probe) {
            // The name of the recorded smallest free number was taken: search the numbers again (the recorded one is
            // set right if it was not), then the names upwards from there.
            int free = cvms.smallestFreeReplicaNumber(source.id());
            number = ReplicaNames.firstFree(source.name(), free, n -> cvms.liveByName(caller.workspaceId(), n).isPresent());
            cvms.moveReplicaFloor(source.id(), number == free ? free + 1 : free);
        } else {
            cvms.moveReplicaFloor(source.id(), number + 1);
        }
        String name = ReplicaNames.name(source.name(), number);
        Cvm template = plan.template();
        CvmSpec spec = new CvmSpec(plan.composeHash(), template.spec().image(), template.spec().instanceType(),
                template.resources(), plan.encryptedEnv(), source.spec().listed());
        Optional<CvmView> replica = cvms.tryCreateViewed(new NewCvmSpec(caller.workspaceId(), name,
                new CvmOrigin(plan.app().pk(), plan.app().appId(), caller.userId(), source.id()), spec,
                plan.target().id(), number), "replica of " + source.name() + " by " + caller.username(), context);
        if (replica.isEmpty()) {
            tx.setRollbackOnly(); // the target filled up meanwhile: nothing of this attempt stays, not even the token's use
            return Optional.empty();
        }
        Cvm made = replica.get().cvm();
        if (tokenId != null) {
            tokens.attachCvm(tokenId, made.id());
        }
        Created created = new Created(replica.get(), plan);
        withinTransaction.accept(created);
        log.info("replica {} ({}) of {} ({}) recorded on node {} ({}), revision {}", made.name(), made.vmUuid(),
                source.name(), source.vmUuid(), plan.target().name(), plan.placementReason(), plan.composeHash());
        return Optional.of(created);
    }

    private ApiException lackOfRoom(ReplicaPlan plan) {
        return nodes.roomRefusal(plan.target().id(), plan.template().resources());
    }

    private ReplicaReply reply(ReplicaOutcome outcome) {
        return ReplicaReply.of(outcome, json);
    }
}
