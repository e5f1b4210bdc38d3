package io.opencvm.cvm;

import io.opencvm.app.App;
import io.opencvm.app.AppRevision;
import io.opencvm.app.AppService;
import io.opencvm.kms.KmsService;
import io.opencvm.node.Node;
import io.opencvm.node.NodeService;
import io.opencvm.operation.Lease;
import io.opencvm.operation.Operation;
import io.opencvm.operation.OperationHandler;
import io.opencvm.operation.Outcome;
import io.opencvm.sshkey.SshKeyService;
import io.opencvm.vmm.VmConfiguration;
import io.opencvm.vmm.UpdateVmRequest;
import io.opencvm.vmm.VmInfo;
import io.opencvm.vmm.VmmClient;
import io.opencvm.vmm.VmmClients;
import io.opencvm.vmm.VmmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Carries out CVM operations on the node. Idempotent by identity: the VM is named
 * {@code <cvm name>@<vm_uuid>} and looked up by our uuid ({@code Status(keyword=vm_uuid)}) before it is
 * ever created, so a repeated or taken-over attempt finds the VM an earlier one made.
 */
@Component
class CvmOperationHandler implements OperationHandler {

    private final CvmStore store;
    private final CvmLifecycle lifecycle;
    private final NodeService nodes;
    private final AppService apps;
    private final KmsService kmsService;
    private final SshKeyService sshKeys;
    private final VmmClients clients;
    private final Clock clock;
    private final Duration createSettle;

    CvmOperationHandler(CvmStore store, CvmLifecycle lifecycle, NodeService nodes, AppService apps,
                        KmsService kmsService, SshKeyService sshKeys, VmmClients clients, Clock clock,
                        @Value("${opencvm.vmm.timeout:PT10S}") Duration vmmTimeout,
                        @Value("${opencvm.operations.create-settle:PT0S}") Duration createSettle) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.nodes = nodes;
        this.apps = apps;
        this.kmsService = kmsService;
        this.sshKeys = sshKeys;
        this.clients = clients;
        this.clock = clock;
        this.createSettle = createSettle.isZero() ? vmmTimeout.multipliedBy(2) : createSettle;
    }

    @Override
    public Outcome handle(Operation op, Lease lease) {
        Cvm cvm = store.find(op.cvmId()).orElseThrow();
        Node node = nodes.get(cvm.nodeId());
        VmmClient vmm = clients.forNode(node.settings().vmmUrl(), node.settings().vmmToken());
        return switch (op.kind()) {
            case CREATE -> create(cvm, node, vmm, lease);
            case START -> start(cvm, node, vmm, lease);
            case STOP -> onExisting(cvm, vmm, lease, vmm::stopVm);
            case SHUTDOWN -> onExisting(cvm, vmm, lease, vmm::shutdownVm);
            case RESTART -> restart(cvm, node, vmm, lease);
            case DELETE -> delete(cvm, vmm, lease);
            case UPDATE -> update(cvm, node, vmm, lease);
        };
    }

    @Override
    public void settled(Operation op) {
        lifecycle.refresh(op.cvmId(), "operation " + op.kind().wire() + " " + op.state().wire());
    }

    private Outcome create(Cvm cvm, Node node, VmmClient vmm, Lease lease) {
        if (cvm.state().desired() == DesiredState.DELETED) {
            return new Outcome.Done(); // deleted before it was created: nothing to make
        }
        return ensureOnNode(cvm, node, vmm, lease).map(id -> (Outcome) new Outcome.Done()).orElseGet(() -> waiting(cvm));
    }

    private Outcome start(Cvm cvm, Node node, VmmClient vmm, Lease lease) {
        Optional<String> id = ensureOnNode(cvm, node, vmm, lease);
        if (id.isEmpty()) {
            return waiting(cvm);
        }
        VmInfo info = vmm.getInfo(id.get()).info();
        if (info == null || !"running".equals(info.status())) {
            vmm.startVm(id.get());
        }
        return new Outcome.Done();
    }

    private Outcome restart(Cvm cvm, Node node, VmmClient vmm, Lease lease) {
        Optional<String> id = ensureOnNode(cvm, node, vmm, lease);
        if (id.isEmpty()) {
            return waiting(cvm);
        }
        vmm.stopVm(id.get());
        vmm.startVm(id.get());
        return new Outcome.Done();
    }

    private static Outcome waiting(Cvm cvm) {
        return new Outcome.Wait("an earlier CreateVm of " + cvm.nodeVmName() + " got no answer and the node does not "
                + "show the VM yet; waiting for it before creating again");
    }

    /**
     * Brings the VM to the CVM's current spec: stop, UpdateVm (read by the guest at its next boot), start again when
     * the CVM should run. Level-triggered: every attempt sends the whole spec, so a repeat after a crash is harmless;
     * resources are sent only when they differ from the node's, since those need the VM stopped first.
     */
    private Outcome update(Cvm cvm, Node node, VmmClient vmm, Lease lease) {
        if (cvm.state().desired() == DesiredState.DELETED) {
            return new Outcome.Done();
        }
        Optional<String> found = ensureOnNode(cvm, node, vmm, lease);
        if (found.isEmpty()) {
            return waiting(cvm);
        }
        String id = found.get();
        vmm.stopVm(id);
        VmInfo info = vmm.getInfo(id).info();
        if (info != null && !"stopped".equals(info.status()) && !"exited".equals(info.status())) {
            return new Outcome.Retry("waiting for VM " + id + " to stop (it is " + info.status() + ")");
        }
        AppRevision revision = apps.revision(cvm.origin().appPk(), cvm.composeHash()).orElseThrow();
        VmConfiguration now = info == null ? null : info.configuration();
        vmm.updateVm(new UpdateVmRequest(id, revision.composeFile(), cvm.spec().encryptedEnv(),
                changed(now == null ? null : now.vcpu(), cvm.resources().vcpu()),
                changed(now == null ? null : now.memory(), cvm.resources().memoryMb()),
                changed(now == null ? null : now.diskSize(), cvm.resources().diskGb()),
                now != null && cvm.spec().image().equals(now.image()) ? null : cvm.spec().image()));
        if (cvm.state().desired() == DesiredState.RUNNING) {
            vmm.startVm(id);
        }
        return new Outcome.Done();
    }

    private static Integer changed(Integer onNode, int wanted) {
        return onNode != null && onNode == wanted ? null : wanted;
    }

    private Outcome onExisting(Cvm cvm, VmmClient vmm, Lease lease, Consumer<String> call) {
        Optional<String> id = existing(cvm, vmm, lease);
        id.ifPresent(call);
        return new Outcome.Done();
    }

    private Outcome delete(Cvm cvm, VmmClient vmm, Lease lease) {
        Optional<String> id = existing(cvm, vmm, lease);
        if (id.isEmpty()) {
            return new Outcome.Done(); // never reached the node
        }
        try {
            vmm.removeVm(id.get());
        } catch (VmmException e) {
            if (e.kind() != VmmException.Kind.REJECTED || vmm.getInfo(id.get()).found()) {
                throw e;
            }
            // already gone: the removal is done
        }
        return new Outcome.Done();
    }

    /**
     * The node's id for the CVM's VM, creating the VM when the node has none named by our uuid. Empty while an
     * earlier CreateVm that got no answer (a timeout, a crash, a worker stopped mid-call) may still be carried out
     * by the node: a look-up by uuid cannot see a call the node has queued or is still running, so creating again
     * at once could make a second VM. That wait is bounded ({@code opencvm.operations.create-settle}, default twice
     * the node-call timeout); a VM that still turns up later is a duplicate the reconciler removes.
     */
    private Optional<String> ensureOnNode(Cvm cvm, Node node, VmmClient vmm, Lease lease) {
        Optional<String> known = existing(cvm, vmm, lease);
        if (known.isPresent()) {
            return known;
        }
        Instant now = clock.instant();
        Optional<Instant> sent = store.createSentAt(cvm.id());
        if (sent.isPresent() && now.isBefore(sent.get().plus(createSettle))) {
            return Optional.empty();
        }
        AppRevision revision = apps.revision(cvm.origin().appPk(), cvm.composeHash()).orElseThrow();
        VmConfiguration config = VmConfiguration.of(cvm.nodeVmName(), cvm.spec().image(), revision.composeFile(),
                cvm.resources().vcpu(), cvm.resources().memoryMb(), cvm.resources().diskGb(), cvm.spec().encryptedEnv(),
                cvm.appId()).withKmsUrls(kmsUrls(cvm, node))
                .withUserConfig(sshKeys.userConfigFor(cvm.origin().creatorUserId()));
        lease.write(() -> store.markCreateSent(cvm.id(), now));
        String id;
        try {
            id = vmm.createVm(config);
        } catch (VmmException e) {
            if (e.kind() != VmmException.Kind.UNREACHABLE) {
                // The node answered: the call is over, so a look-up by uuid sees whatever it did; no need to wait.
                lease.write(() -> store.markCreateSent(cvm.id(), null));
            }
            throw e;
        }
        lease.write(() -> store.recordNodeVmId(cvm.id(), id, clock.instant()));
        return Optional.of(id);
    }

    /**
     * The guest's KMS list: the app's KMS when it is not the node's own, so the guest asks the KMS that
     * governs the app (an on-chain app's VM asks the on-chain KMS at boot). When they are the same KMS the
     * list stays empty and the node's configured list applies: a node may list several replicas of its KMS,
     * and the addresses its guests reach them at need not be the one the control plane uses.
     */
    private List<String> kmsUrls(Cvm cvm, Node node) {
        Long appKms = apps.find(cvm.origin().appPk()).map(App::kmsPk).orElse(null);
        if (appKms == null || appKms.equals(node.kmsId())) {
            return List.of();
        }
        return kmsService.find(appKms).map(kms -> List.of(kms.url())).orElse(List.of());
    }

    /** The recorded node VM id, or the one found on the node by our uuid (then recorded); empty when there is none. */
    private Optional<String> existing(Cvm cvm, VmmClient vmm, Lease lease) {
        if (cvm.placement().nodeVmId() != null) {
            return Optional.of(cvm.placement().nodeVmId());
        }
        List<VmInfo> vms = vmm.status(List.of(), cvm.vmUuid()).vms();
        Optional<String> found = (vms == null ? List.<VmInfo>of() : vms).stream()
                .filter(vm -> cvm.nodeVmName().equals(vm.name()) || (vm.name() != null && vm.name().endsWith("@" + cvm.vmUuid())))
                .map(VmInfo::id).findFirst();
        found.ifPresent(id -> lease.write(() -> store.recordNodeVmId(cvm.id(), id, clock.instant())));
        return found;
    }
}
