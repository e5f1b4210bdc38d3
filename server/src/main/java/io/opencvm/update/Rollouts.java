package io.opencvm.update;

import io.opencvm.account.Caller;
import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.Page;
import io.opencvm.api.PageRequest;
import io.opencvm.app.App;
import io.opencvm.app.AppCompose;
import io.opencvm.app.AppRevision;
import io.opencvm.app.AppService;
import io.opencvm.cvm.Cvm;
import io.opencvm.cvm.CvmChange;
import io.opencvm.cvm.CvmService;
import io.opencvm.cvm.CvmStatus;
import io.opencvm.operation.Operation;
import io.opencvm.operation.OperationQueue;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Rollouts: an update of every instance of an app, one at a time (opencvm's own extension). Starting one writes the
 * rollout, its steps and the first instance's update with its operation in one transaction; {@link RolloutAdvance}
 * moves it on. While it rolls, the app's instances are its own: a plain update of one of them is refused
 * ({@link #requireNoneRolling}).
 */
@Service
class Rollouts {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_TRIGGERED_BY = 128;

    private final RolloutStore store;
    private final CvmService cvms;
    private final AppService apps;
    private final UpdateApproval approval;
    private final OperationQueue operations;
    private final Clock clock;

    Rollouts(RolloutStore store, CvmService cvms, AppService apps, UpdateApproval approval, OperationQueue operations,
             Clock clock) {
        this.store = store;
        this.cvms = cvms;
        this.apps = apps;
        this.approval = approval;
        this.operations = operations;
        this.clock = clock;
    }

    /**
     * Starts a rollout of the app's live instances, oldest first. The instances' rows are locked (in id order, as a
     * plain update locks its one) before anything is decided, so a plain update either committed before (and is seen
     * in flight here) or waits and then sees this rollout. Refused, with nothing written: another rollout rolling
     * (409 ERR-03-121), an instance with an operation in flight (409 ERR-03-120) or not running (409 ERR-03-008).
     */
    @Transactional
    Rollout start(Caller caller, String appId, RolloutRequest request) {
        App app = apps.inWorkspace(caller.workspaceId(), appId);
        cvms.liveOfApp(app.pk()).stream().map(Cvm::id).sorted().forEach(cvms::lock);
        List<Cvm> instances = cvms.liveOfApp(app.pk());
        if (instances.isEmpty()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "App " + app.appId() + " has no live CVM to roll out to");
        }
        store.rollingOfApp(app.pk()).ifPresent(r -> {
            throw rolling(app.appId(), r);
        });
        requireReady(instances);
        AppCompose next;
        String encryptedEnv;
        if (request.revisionId() != null) {
            RevisionTarget target = RevisionTarget.of(apps, app, request.revisionId());
            next = new AppCompose(target.compose().composeFile(), target.compose().composeHash());
            encryptedEnv = target.encryptedEnv();
        } else {
            // One target for every instance: the edit applies to what the first (oldest) instance runs.
            AppRevision base = apps.revision(app.pk(), instances.get(0).composeHash()).orElseThrow();
            next = request.update().compose().isEmpty() ? new AppCompose(base.composeFile(), base.composeHash())
                    : request.update().compose().applyTo(base.composeFile());
            encryptedEnv = request.update().encryptedEnv();
        }
        approval.requireAllowedOnEvery(app, instances, next);
        apps.addRevision(app.pk(), next.hash(), next.json());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long id;
        try {
            id = store.insert(newPublicId(), app.workspaceId(), app.pk(), next.hash(), encryptedEnv,
                    "api:" + caller.username(), caller.userId(), now);
        } catch (DuplicateKeyException e) {
            throw new ApiException(ErrorCode.ROLLOUT_IN_PROGRESS, "App " + app.appId() + " already has a rollout"
                    + " rolling; wait for it to end or cancel it");
        }
        for (int i = 0; i < instances.size(); i++) {
            Cvm cvm = instances.get(i);
            store.insertStep(id, i + 1, cvm.id(), cvm.vmUuid(), cvm.name(), cvm.composeHash());
        }
        Rollout rollout = store.find(id).orElseThrow();
        startStep(rollout, rollout.steps().get(0), instances.get(0));
        return store.find(id).orElseThrow();
    }

    /**
     * Writes the step's update (the CVM's row and its {@code update} operation, a revision record of the app) in the
     * caller's transaction, and marks the step updating.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void startStep(Rollout rollout, RolloutStep step, Cvm cvm) {
        String by = "rollout " + rollout.publicId() + " by " + rollout.triggeredBy();
        Operation op = cvms.update(cvm, new CvmChange(rollout.composeHash(), rollout.encryptedEnv(), null, null),
                by.length() > MAX_TRIGGERED_BY ? by.substring(0, MAX_TRIGGERED_BY) : by, rollout.userId(), "update");
        store.startStep(rollout.id(), step.seq(), op.id(), op.publicId(), clock.instant());
    }

    /**
     * A plain update of {@code cvm} (any route of this feature) is refused while a rollout of its app rolls (409
     * ERR-03-121). The CVM's row is locked first, as {@link #start} locks it, so the two never interleave.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void requireNoneRolling(Cvm cvm) {
        cvms.lock(cvm.id());
        store.rollingOfApp(cvm.origin().appPk()).ifPresent(r -> {
            throw new ApiException(ErrorCode.ROLLOUT_IN_PROGRESS, "Rollout " + r.publicId() + " of app " + cvm.appId()
                    + " is updating its CVMs, " + cvm.name() + " among them; wait for it to end or cancel it");
        });
    }

    /** The app's rollouts, newest first. */
    Page<Rollout> list(Caller caller, String appId, PageRequest page) {
        App app = apps.inWorkspace(caller.workspaceId(), appId);
        return Page.of(store.ofApp(app.pk(), page.offset(), page.pageSize()), store.countOfApp(app.pk()), page);
    }

    Rollout get(Caller caller, String appId, String rolloutId) {
        App app = apps.inWorkspace(caller.workspaceId(), appId);
        return store.findByPublicId(app.pk(), rolloutId).orElseThrow(() -> notFound(rolloutId));
    }

    /**
     * Asks the rollout to stop before its next instance: the instance being updated finishes (its update is not
     * undone) and the rollout then ends {@code cancelled}, or {@code halted} when that instance fails. Asking again
     * answers the same; a rollout that already completed or halted is 409 ERR-03-123.
     */
    @Transactional
    Rollout cancel(Caller caller, String appId, String rolloutId) {
        Rollout found = get(caller, appId, rolloutId);
        Rollout rollout = store.lock(found.id()).orElseThrow();
        return switch (rollout.state()) {
            case CANCELLED -> rollout;
            case COMPLETED, HALTED -> throw new ApiException(ErrorCode.ROLLOUT_ENDED, "Rollout " + rollout.publicId()
                    + " has already " + rollout.state().wire());
            case ROLLING -> {
                if (!rollout.cancelRequested()) {
                    store.requestCancel(rollout.id(), clock.instant());
                }
                yield store.find(rollout.id()).orElseThrow();
            }
        };
    }

    /** Every instance running, none with an operation in flight. */
    private void requireReady(List<Cvm> instances) {
        for (Cvm cvm : instances) {
            Optional<Operation> latest = operations.latestFor(cvm.id()).filter(Operation::inFlight);
            if (latest.isPresent()) {
                throw new ApiException(ErrorCode.CVM_OPERATION_IN_PROGRESS, "CVM " + cvm.name() + " of the app has an"
                        + " operation in progress (" + latest.get().kind().wire() + ", correlation_id "
                        + latest.get().publicId() + "); start the rollout when it is done");
            }
            if (cvm.status() != CvmStatus.RUNNING) {
                throw new ApiException(ErrorCode.CVM_INVALID_STATE, "CVM " + cvm.name() + " of the app is "
                        + cvm.status().wire() + "; a rollout needs every instance running");
            }
        }
    }

    private static ApiException rolling(String appId, Rollout r) {
        return new ApiException(ErrorCode.ROLLOUT_IN_PROGRESS, "Rollout " + r.publicId() + " of app " + appId
                + " is still rolling; wait for it to end or cancel it");
    }

    static ApiException notFound(String rolloutId) {
        return new ApiException(ErrorCode.ROLLOUT_NOT_FOUND, "Rollout " + rolloutId + " not found");
    }

    private static String newPublicId() {
        byte[] b = new byte[10];
        RANDOM.nextBytes(b);
        return "ro_" + HexFormat.of().formatHex(b);
    }
}
