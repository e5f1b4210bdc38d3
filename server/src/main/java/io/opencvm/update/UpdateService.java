package io.opencvm.update;

import io.opencvm.account.Caller;
import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import io.opencvm.app.App;
import io.opencvm.app.AppCompose;
import io.opencvm.app.AppRevision;
import io.opencvm.app.AppService;
import io.opencvm.app.ComposeEdit;
import io.opencvm.cvm.Cvm;
import io.opencvm.cvm.CvmChange;
import io.opencvm.cvm.CvmService;
import io.opencvm.kms.KmsInfo;
import io.opencvm.kms.KmsService;
import io.opencvm.node.NodeService;
import io.opencvm.node.Placement;
import io.opencvm.node.Resources;
import io.opencvm.operation.Operation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changes deployed CVMs. Every update is one transaction: the new compose is recorded as a revision of the app, the
 * CVM's row says what it should now run, and its {@code update} operation is queued ({@link CvmService#update});
 * a refusal (bad input, the on-chain gate, another operation in flight) rolls all of it back.
 */
@Service
public class UpdateService {

    private final CvmService cvms;
    private final AppService apps;
    private final KmsService kmsService;
    private final NodeService nodes;
    private final UpdateApproval approval;
    private final Rollouts rollouts;

    UpdateService(CvmService cvms, AppService apps, KmsService kmsService, NodeService nodes, UpdateApproval approval,
                  Rollouts rollouts) {
        this.cvms = cvms;
        this.rollouts = rollouts;
        this.apps = apps;
        this.kmsService = kmsService;
        this.nodes = nodes;
        this.approval = approval;
    }

    /** {@code PATCH /cvms/{id}}: the compose edited as asked, and the env replaced when one is given. */
    @Transactional
    UpdateAccepted update(Caller caller, String cvmId, CvmUpdateRequest request, Preparation preparation) {
        if (request.compose().isEmpty() && request.encryptedEnv() == null && !request.changesMachine()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "The request changes nothing: give a compose field,"
                    + " encrypted_env, vcpu, memory, disk_size or image");
        }
        Cvm cvm = cvms.resolve(caller, cvmId);
        Resources resources = request.changesResources()
                ? MachineChanges.resized(cvm, request.vcpu(), request.memoryMb(), request.diskGb()) : null;
        String image = request.image() == null ? null
                : Placement.bootImage(nodes.get(cvm.nodeId()), request.image()).name();
        return apply(caller, cvm, request.compose(), request.encryptedEnv(), resources, image, preparation);
    }

    /** {@code PATCH /cvms/{id}/envs}: a new env; {@code env_keys} that differ from the compose's become its allowed envs. */
    @Transactional
    UpdateAccepted updateEnvs(Caller caller, String cvmId, EnvUpdateRequest request, Preparation preparation) {
        Cvm cvm = cvms.resolve(caller, cvmId);
        return apply(caller, cvm, ComposeEdit.allowedEnvsOnly(request.envKeys()), request.encryptedEnv(), null, null,
                preparation);
    }

    /**
     * {@code POST /cvms/{id}/compose_file/provision}: records the edited compose as a revision of the CVM's app
     * without touching the CVM, and says what its hash is (what an on-chain app must register before it is applied).
     */
    @Transactional
    ComposeProvisioned provisionCompose(Caller caller, String cvmId, ComposeProvisionRequest request) {
        Cvm cvm = cvms.resolve(caller, cvmId);
        App app = apps.find(cvm.origin().appPk()).orElseThrow();
        AppCompose next = request.compose().applyTo(current(cvm).composeFile());
        apps.addRevision(app.pk(), next.hash(), next.json());
        KmsInfo kms = app.kmsPk() == null ? null : kmsService.find(app.kmsPk()).map(KmsInfo::of).orElse(null);
        boolean registered = approval.registered(app, cvm, next.hash());
        return new ComposeProvisioned(app.appId(), nodes.get(cvm.nodeId()).deviceId(), next.hash(), kms, registered);
    }

    /** {@code PATCH /cvms/{id}/compose_file}: runs a compose provisioned for the CVM's app, with a new env when given. */
    @Transactional
    UpdateAccepted applyProvisioned(Caller caller, String cvmId, ComposeFileUpdateRequest request,
                                    Preparation preparation) {
        Cvm cvm = cvms.resolve(caller, cvmId);
        AppRevision revision = apps.revision(cvm.origin().appPk(), request.composeHash().hex()).orElseThrow(() ->
                new ApiException(ErrorCode.INVALID_REQUEST, "Compose hash " + request.composeHash() + " was not"
                        + " provisioned for this CVM's app; call POST /cvms/{cvm_id}/compose_file/provision first",
                        List.of(ErrorDetail.field("compose_hash", request.composeHash().hex()))));
        if (request.envKeys() != null
                && !request.envKeys().equals(ComposeEdit.allowedEnvsOf(revision.composeFile()))) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "env_keys must be the allowed_envs of the provisioned"
                    + " compose " + revision.composeHash(), List.of(ErrorDetail.field("env_keys", request.envKeys())));
        }
        AppCompose next = new AppCompose(revision.composeFile(), revision.composeHash());
        CvmChange change = new CvmChange(next.hash(), request.encryptedEnv(), null, null);
        approval.requireAllowed(apps.find(cvm.origin().appPk()).orElseThrow(), cvm, next, change, preparation);
        return record(caller, cvm, next, change);
    }

    /**
     * {@code POST /cvms/{id}/compose_file}: a whole compose with the hash its sender computed, applied at once when
     * the compose this server would run from it has that hash; a different hash is 400 and nothing is recorded.
     */
    @Transactional
    UpdateAccepted submitCompose(Caller caller, String cvmId, ComposeSubmitRequest request, Preparation preparation) {
        Cvm cvm = cvms.resolve(caller, cvmId);
        AppCompose next = request.compose().applyTo(current(cvm).composeFile());
        if (!next.hash().equals(request.composeHash().hex())) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "compose_hash " + request.composeHash().hex() + " is not"
                    + " the hash of the compose this CVM would run (" + next.hash() + "); POST"
                    + " /cvms/{cvm_id}/compose_file/provision says which compose that is",
                    List.of(ErrorDetail.field("compose_hash", request.composeHash().hex())));
        }
        CvmChange change = new CvmChange(next.hash(), request.encryptedEnv(), null, null);
        approval.requireAllowed(apps.find(cvm.origin().appPk()).orElseThrow(), cvm, next, change, preparation);
        apps.addRevision(cvm.origin().appPk(), next.hash(), next.json());
        return record(caller, cvm, next, change);
    }

    /**
     * Redeploy from a revision: each chosen CVM runs the revision's compose again, with the env the revision recorded
     * (null: each keeps its env), in one transaction, so one refusal (409 while another operation is in flight, the
     * on-chain gate) leaves them all as they were.
     */
    @Transactional
    Map<String, UpdateAccepted> redeploy(Caller caller, List<Cvm> chosen, AppRevision revision, String encryptedEnv,
                                         Preparation preparation) {
        AppCompose next = new AppCompose(revision.composeFile(), revision.composeHash());
        Map<String, UpdateAccepted> accepted = new LinkedHashMap<>();
        for (Cvm cvm : chosen) {
            CvmChange change = new CvmChange(next.hash(), encryptedEnv, null, null);
            approval.requireAllowed(apps.find(cvm.origin().appPk()).orElseThrow(), cvm, next, change, preparation);
            accepted.put(cvm.vmUuid(), record(caller, cvm, next, change, "redeploy"));
        }
        return accepted;
    }

    /**
     * {@code PATCH /cvms/{id}/resources}: new vCPUs, memory and disk, the difference re-reserved on the CVM's node; a
     * CVM that is not stopped restarts for it, so only with {@code allow_restart}.
     */
    @Transactional
    UpdateAccepted resize(Caller caller, String cvmId, ResizeRequest request) {
        Cvm cvm = cvms.resolve(caller, cvmId);
        Resources next = MachineChanges.resized(cvm, request.vcpu(), request.memoryMb(), request.diskGb());
        MachineChanges.requireRestartAllowed(cvm, request.allowRestart());
        return machine(caller, cvm, next, null);
    }

    /** {@code GET /cvms/{id}/available-os-images}: the images of the CVM's node, newest version first. */
    List<AvailableImage> availableImages(Caller caller, String cvmId) {
        Cvm cvm = cvms.resolve(caller, cvmId);
        return AvailableImage.of(nodes.get(cvm.nodeId()).images(), cvm.spec().image());
    }

    /** {@code PATCH /cvms/{id}/os-image}: the CVM boots another image of its node (a stop, UpdateVm, start). */
    @Transactional
    UpdateAccepted changeImage(Caller caller, String cvmId, OsImageRequest request) {
        Cvm cvm = cvms.resolve(caller, cvmId);
        String image = Placement.bootImage(nodes.get(cvm.nodeId()), request.name()).name();
        if (image.equals(cvm.spec().image())) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "CVM " + cvm.name() + " already runs " + image,
                    List.of(ErrorDetail.field("os_image_name", request.name())));
        }
        return machine(caller, cvm, null, image);
    }

    private UpdateAccepted machine(Caller caller, Cvm cvm, Resources resources, String image) {
        rollouts.requireNoneRolling(cvm);
        Operation op = cvms.update(cvm, CvmChange.machine(cvm, resources, image), "api:" + caller.username(),
                caller.userId(), "update");
        return new UpdateAccepted(op.publicId(), cvm.composeHash(), false);
    }

    /**
     * The on-chain gate is asked before the new revision is written: an update that must wait is kept (with its
     * revision) in a transaction of its own, which must not wait on a revision row this one holds.
     */
    private UpdateAccepted apply(Caller caller, Cvm cvm, ComposeEdit edit, String encryptedEnv, Resources resources,
                                 String image, Preparation preparation) {
        AppRevision current = current(cvm);
        AppCompose next = edit.isEmpty() ? new AppCompose(current.composeFile(), current.composeHash())
                : edit.applyTo(current.composeFile());
        CvmChange change = new CvmChange(next.hash(), encryptedEnv, resources, image);
        approval.requireAllowed(apps.find(cvm.origin().appPk()).orElseThrow(), cvm, next, change, preparation);
        apps.addRevision(cvm.origin().appPk(), next.hash(), next.json());
        return record(caller, cvm, next, change);
    }

    private UpdateAccepted record(Caller caller, Cvm cvm, AppCompose next, CvmChange change) {
        return record(caller, cvm, next, change, "update");
    }

    private UpdateAccepted record(Caller caller, Cvm cvm, AppCompose next, CvmChange change, String operationType) {
        rollouts.requireNoneRolling(cvm);
        String before = current(cvm).composeFile();
        Operation op = cvms.update(cvm, change, "api:" + caller.username(), caller.userId(), operationType);
        boolean envsChanged = !Objects.equals(ComposeEdit.allowedEnvsOf(before), ComposeEdit.allowedEnvsOf(next.json()));
        return new UpdateAccepted(op.publicId(), next.hash(), envsChanged);
    }

    private AppRevision current(Cvm cvm) {
        return apps.revision(cvm.origin().appPk(), cvm.composeHash()).orElseThrow();
    }
}
