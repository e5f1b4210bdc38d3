package io.opencvm.cvm;

import io.opencvm.account.Caller;
import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.Page;
import io.opencvm.api.PageRequest;
import io.opencvm.api.Tenancy;
import io.opencvm.app.App;
import io.opencvm.app.AppService;
import io.opencvm.app.RevisionRecord;
import io.opencvm.kms.Kms;
import io.opencvm.node.Node;
import io.opencvm.node.NodeService;
import io.opencvm.node.Resources;
import io.opencvm.operation.Operation;
import io.opencvm.operation.OperationKind;
import io.opencvm.operation.OperationQueue;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The CVM feature's public face: look CVMs up (any id form, see {@link CvmIdResolver}), list them,
 * change what is wanted of them (intent and operation in one transaction, never a remote call), and
 * create new ones for the commit and replica flows.
 */
@Service
public class CvmService {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int MAX_CAS_ATTEMPTS = 3;

    private final CvmStore store;
    private final CvmIdResolver resolver;
    private final CvmViews views;
    private final CvmLifecycle lifecycle;
    private final OperationQueue operations;
    private final NodeService nodes;
    private final AppService apps;
    private final Clock clock;

    CvmService(CvmStore store, CvmIdResolver resolver, CvmViews views, CvmLifecycle lifecycle,
               OperationQueue operations, NodeService nodes, AppService apps, Clock clock) {
        this.apps = apps;
        this.store = store;
        this.resolver = resolver;
        this.views = views;
        this.lifecycle = lifecycle;
        this.operations = operations;
        this.nodes = nodes;
        this.clock = clock;
    }

    /** The live CVM a {@code {cvm_id}} segment names in the caller's workspace, with everything its JSON needs. */
    public CvmView view(Caller caller, String cvmId) {
        return views.of(resolver.resolve(caller.workspaceId(), cvmId));
    }

    public CvmView view(Cvm cvm) {
        return views.of(cvm);
    }

    public List<CvmView> views(List<Cvm> cvms) {
        return views.of(cvms);
    }

    /** The live CVM with this public id in any workspace: only for links that carry their own authorisation. */
    public Optional<CvmView> liveByPublicId(String publicId) {
        return store.liveBy("public_id", publicId).stream().findFirst().map(views::of);
    }

    public Cvm resolve(Caller caller, String cvmId) {
        return resolver.resolve(caller.workspaceId(), cvmId);
    }

    /** One page of the workspace's live CVMs, newest first, optionally on one node. */
    public Page<CvmView> page(Caller caller, Long nodeId, PageRequest request) {
        long total = store.countLiveOfWorkspace(caller.workspaceId(), nodeId);
        List<Cvm> rows = store.liveOfWorkspace(caller.workspaceId(), nodeId, request.offset(), request.pageSize());
        return Page.of(views.of(rows), total, request);
    }

    /** The live CVMs of an app, oldest first: the original before its replicas. */
    public List<Cvm> liveOfApp(long appPk) {
        return store.liveOfApp(appPk);
    }

    /**
     * The revisions the app's live CVMs run, without reading them: empty when none is live, one hash when
     * they all run the same, and every distinct hash (sorted) when they differ.
     */
    public List<String> liveRevisionsOfApp(long appPk) {
        return store.liveHashRange(appPk)
                .map(range -> range[0].equals(range[1]) ? List.of(range[0]) : store.liveHashes(appPk))
                .orElse(List.of());
    }

    /** The oldest live CVM of the app with this compose hash (by creation, then id). */
    public Optional<Cvm> oldestLiveOfApp(long appPk, String composeHash) {
        return store.oldestLiveByAppAndHash(appPk, composeHash);
    }

    /** The smallest n ≥ 1 that no live replica of the source records as its number (see {@link NewCvmSpec}), searched. */
    @Transactional(propagation = Propagation.MANDATORY)
    public int smallestFreeReplicaNumber(long sourceId) {
        return store.smallestFreeReplicaNumber(sourceId);
    }

    /**
     * Locks the source's row until the caller's transaction ends, so that replicas of one source take their numbers
     * one at a time, and returns the smallest number none of its live replicas holds (kept on the row: one read, not
     * a search among the source's replicas).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int lockForReplica(long sourceId) {
        return store.lockForReplica(sourceId);
    }

    /**
     * With the source locked ({@link #lockForReplica}) and a replica about to take number {@code from - 1}: the
     * source's smallest free number becomes the smallest n ≥ {@code from} none of its live replicas holds.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void moveReplicaFloor(long sourceId, int from) {
        store.moveReplicaFloor(sourceId, from);
    }

    /**
     * {@code POST /status/batch}: the caller's CVMs among {@code vmUuids}, keyed by the strings as sent
     * (dashed or not); unknown ones are left out.
     */
    public Map<String, CvmView> statusBatch(Caller caller, List<String> vmUuids) {
        Map<String, CvmView> out = new LinkedHashMap<>();
        for (String key : vmUuids) {
            String uuid = key.replace("-", "");
            if (!uuid.matches("[0-9a-fA-F]{32}")) {
                continue;
            }
            Tenancy.visible(caller.workspaceId(), store.liveBy("vm_uuid", CvmIdResolver.dashed(uuid))).stream()
                    .findFirst().ifPresent(c -> out.put(key, views.of(c)));
        }
        return out;
    }

    /**
     * Asks for a power or delete action: records the desired state and enqueues its operation in one
     * transaction. Already there: answers at once. Not possible in the current status: 409 ERR-03-008.
     */
    @Transactional
    public CvmView act(Caller caller, String cvmId, CvmAction action) {
        return act(resolver.resolve(caller.workspaceId(), cvmId), action, "api:" + caller.username());
    }

    /** {@link #act(Caller, String, CvmAction)} on a CVM already found, on behalf of {@code triggeredBy}. */
    @Transactional
    public CvmView act(Cvm found, CvmAction action, String triggeredBy) {
        Long source = action == CvmAction.DELETE ? found.origin().sourceCvmId() : null;
        if (source != null) {
            // Deleting a replica frees its number on the source's row: that row first, as replicates and rollouts
            // (in id order, the source before its replicas) lock them, so no two transactions wait for each other.
            store.lock(source);
        }
        Cvm cvm = found;
        boolean recorded = false;
        for (int attempt = 1; attempt <= MAX_CAS_ATTEMPTS && !recorded; attempt++) {
            if (attempt > 1) {
                cvm = store.find(cvm.id()).orElseThrow(); // someone changed it meanwhile: decide again on fresh state
            }
            CvmStatus.Decision decision = cvm.status().decide(action);
            if (decision == CvmStatus.Decision.REFUSE) {
                throw new ApiException(ErrorCode.CVM_INVALID_STATE, "Cannot " + action.name().toLowerCase()
                        + " CVM " + cvm.name() + " while it is " + cvm.status().wire());
            }
            if (decision == CvmStatus.Decision.ALREADY) {
                return views.of(cvm);
            }
            recorded = store.requestDesired(cvm.id(), action.desired(), cvm.state().generation(), clock.instant()) == 1;
        }
        if (!recorded) {
            throw new ApiException(ErrorCode.CVM_INVALID_STATE, "CVM " + cvm.name() + " is changing; try again");
        }
        operations.enqueue(cvm.id(), cvm.state().generation() + 1, action.operation(), triggeredBy);
        if (action == CvmAction.DELETE) {
            store.freeName(cvm.id(), clock.instant());
            if (source != null) {
                store.releaseReplicaNumber(cvm.id());
            }
        }
        return views.of(lifecycle.refresh(cvm.id(), action.name().toLowerCase() + " by " + triggeredBy));
    }

    /**
     * Records an update of the CVM and enqueues its {@code update} operation in the caller's transaction; returns the
     * operation (its public id is the correlation id). The row is locked and read again, so of two updates at once the
     * second is refused: a CVM with an operation still in flight (or changed meanwhile) is 409 ERR-03-120, one being
     * deleted 409 ERR-03-008. New resources re-reserve the difference on the CVM's node with the node's one
     * conditional UPDATE (less frees some); a node without room refuses as a create would. Nothing is written on a
     * refusal.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Operation update(Cvm cvm, CvmChange change, String triggeredBy) {
        return update(cvm, change, triggeredBy, null, "update");
    }

    /**
     * {@link #update(Cvm, CvmChange, String)}, recorded as a revision of the app of type {@code operationType}
     * ({@code update}, {@code redeploy}) asked by the user {@code userId} (null: the system).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Operation update(Cvm cvm, CvmChange change, String triggeredBy, Long userId, String operationType) {
        store.lock(cvm.id());
        Cvm fresh = store.find(cvm.id()).orElseThrow();
        if (fresh.state().desired() == DesiredState.DELETED || !fresh.status().live()) {
            throw new ApiException(ErrorCode.CVM_INVALID_STATE, "Cannot update CVM " + cvm.name() + " while it is "
                    + fresh.status().wire());
        }
        Optional<Operation> latest = operations.latestFor(cvm.id());
        if (fresh.state().generation() != cvm.state().generation() || latest.map(Operation::inFlight).orElse(false)) {
            throw new ApiException(ErrorCode.CVM_OPERATION_IN_PROGRESS, "CVM " + cvm.name() + " has an operation in"
                    + " progress" + latest.filter(Operation::inFlight).map(op -> " (" + op.kind().wire()
                    + ", correlation_id " + op.publicId() + ")").orElse("") + "; try again when it is done");
        }
        Resources more = change.resources() == null ? null : change.resources().minus(fresh.resources());
        if (more != null && fresh.placement().capacityHeld() && !nodes.reserve(fresh.nodeId(), more)) {
            throw nodes.roomRefusal(fresh.nodeId(), more);
        }
        if (store.requestChange(cvm.id(), change, fresh.state().generation(), clock.instant()) != 1) {
            throw new IllegalStateException("CVM " + cvm.id() + " changed while its row was locked");
        }
        Operation op = operations.enqueue(cvm.id(), fresh.state().generation() + 1, OperationKind.UPDATE, triggeredBy);
        apps.recordRevision(new RevisionRecord.New(fresh.origin().appPk(), fresh.vmUuid(), fresh.name(),
                change.composeHash(), change.encryptedEnv() != null ? change.encryptedEnv() : fresh.spec().encryptedEnv(),
                operationType, userId, op.publicId()));
        lifecycle.refresh(cvm.id(), "update by " + triggeredBy);
        return op;
    }

    /**
     * Renames the CVM (what lists and the dashboard show; its VM on the node is found by its uuid, so it keeps its
     * old name there until it is created again). A name another live CVM of the workspace holds is 409 ERR-01-004.
     */
    @Transactional
    public CvmView rename(Cvm cvm, String name) {
        if (name.equals(cvm.name())) {
            return views.of(cvm);
        }
        if (store.liveByName(cvm.workspaceId(), name).isPresent()) {
            throw new ApiException(ErrorCode.DUPLICATE_CVM_NAME, "A CVM named " + name + " already exists");
        }
        try {
            requireChanged(cvm, store.rename(cvm.id(), name, clock.instant()));
        } catch (DuplicateKeyException e) {
            throw new ApiException(ErrorCode.DUPLICATE_CVM_NAME, "A CVM named " + name + " already exists");
        }
        return views.of(store.find(cvm.id()).orElseThrow());
    }

    /** Whether the CVM shows in public listings. */
    @Transactional
    public CvmView setListed(Cvm cvm, boolean listed) {
        requireChanged(cvm, store.setListed(cvm.id(), listed, clock.instant()));
        return views.of(store.find(cvm.id()).orElseThrow());
    }

    /** When the CVM is to be deleted ({@link ScheduledDeletes} asks for it then); null clears it. */
    @Transactional
    public CvmView scheduleDelete(Cvm cvm, Instant at) {
        requireChanged(cvm, store.scheduleDelete(cvm.id(), at, clock.instant()));
        return views.of(store.find(cvm.id()).orElseThrow());
    }

    /** Live CVMs whose scheduled delete time has come and that are not being deleted yet. */
    List<Cvm> dueForDelete(int limit) {
        return store.dueForDelete(clock.instant(), limit);
    }

    private static void requireChanged(Cvm cvm, int rows) {
        if (rows != 1) {
            throw new ApiException(ErrorCode.CVM_NOT_FOUND, "CVM " + cvm.name() + " not found");
        }
    }

    /**
     * {@link #tryCreate}, refusing instead of coming back empty: a name already used by a live CVM of the
     * workspace is 409 ERR-01-004, a node without room ERR-02-003/004/005/002.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Cvm create(NewCvmSpec spec, String triggeredBy) {
        if (store.liveByName(spec.workspaceId(), spec.name()).isPresent()) {
            throw new ApiException(ErrorCode.DUPLICATE_CVM_NAME, "A CVM named " + spec.name() + " already exists");
        }
        return tryCreate(spec, triggeredBy)
                .orElseThrow(() -> nodes.roomRefusal(spec.nodeId(), spec.spec().resources()));
    }

    /**
     * Creates a CVM inside the caller's transaction: inserts the row (status provisioning, desired running, a fresh
     * vm_uuid and public id), enqueues its {@code create} operation, and reserves its room on the node (one
     * conditional UPDATE, last). Empty when the node has no room for it: the caller must then roll its transaction
     * back (the rows are written before the reservation). A name taken meanwhile by another live CVM of the
     * workspace fails the insert ({@code DuplicateKeyException}).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Cvm> tryCreate(NewCvmSpec spec, String triggeredBy) {
        return insert(spec, triggeredBy).map(CreatedCvm::cvm);
    }

    /**
     * What {@link #tryCreateViewed} needs to answer with the new CVM's view, for a CVM {@code creator} makes in its
     * workspace: gathered here, before the creating transaction, so that transaction writes and reads nothing more.
     */
    public NewCvmContext newCvmContext(Caller creator, App app, String composeHash, Node node, Kms kms) {
        return views.newCvmContext(Owner.of(creator), app, composeHash, node, kms);
    }

    /**
     * {@link #tryCreate}, answered with the new CVM's view built from {@code context} and what was just written,
     * instead of reading them all again.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<CvmView> tryCreateViewed(NewCvmSpec spec, String triggeredBy, NewCvmContext context) {
        return insert(spec, triggeredBy).map(c -> CvmViews.ofNew(c.cvm(), c.create(), context));
    }

    private Optional<CreatedCvm> insert(NewCvmSpec spec, String triggeredBy) {
        // The database keeps microseconds: the row built here is the row a read would return.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String publicId = newPublicId();
        String vmUuid = UUID.randomUUID().toString();
        long id = store.insert(publicId, vmUuid, spec, now);
        Operation create = operations.enqueueFirst(id, Cvm.FIRST_GENERATION, OperationKind.CREATE, triggeredBy);
        apps.recordRevision(new RevisionRecord.New(spec.origin().appPk(), vmUuid, spec.name(), spec.spec().composeHash(),
                spec.spec().encryptedEnv(), spec.origin().sourceCvmId() == null ? "deploy" : "replicate",
                spec.origin().creatorUserId(), create.publicId()));
        // As inserted; CvmStatusRule derives provisioning from it and its pending create, so no refresh is due.
        Cvm cvm = new Cvm(id, publicId, spec.workspaceId(), spec.name(), vmUuid, spec.origin(), spec.spec(),
                new CvmPlacement(spec.nodeId(), null, true),
                new CvmState(DesiredState.RUNNING, CvmStatus.PROVISIONING,
                        new Observation(null, null, null, null, null, null, null), Cvm.FIRST_GENERATION),
                new CvmTimes(now, now, null, null));
        CreatedCvm created = new CreatedCvm(lifecycle.created(cvm), create);
        // Reserved last: the conditional UPDATE locks the node's row until commit, and every CVM created on that
        // node waits for it, so it is held for this statement and the commit only.
        return nodes.reserve(spec.nodeId(), spec.spec().resources()) ? Optional.of(created) : Optional.empty();
    }

    /** A CVM as just inserted and its {@code create} operation. */
    private record CreatedCvm(Cvm cvm, Operation create) {
    }

    /**
     * Holds the CVM's row until the caller's transaction ends, so that requests deriving something from it decide
     * one at a time on committed state.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lock(long cvmId) {
        store.lock(cvmId);
    }

    /** A live CVM of the app with this compose hash, if any (a repeated commit finds its CVM again). */
    public Optional<Cvm> liveByAppAndHash(long appPk, String composeHash) {
        return store.liveByAppAndHash(appPk, composeHash);
    }

    public Optional<Cvm> liveByName(long workspaceId, String name) {
        return store.liveByName(workspaceId, name);
    }

    private static String newPublicId() {
        StringBuilder sb = new StringBuilder("cvm_");
        for (int i = 0; i < 22; i++) {
            sb.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return sb.toString();
    }
}
