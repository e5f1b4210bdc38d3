package io.opencvm.vmmsim.node;

import io.opencvm.vmmsim.guest.GuestDirectory;
import io.opencvm.vmmsim.guest.GuestSnapshot;
import io.opencvm.vmmsim.guest.LogChannel;
import io.opencvm.vmmsim.prpc.RpcError;
import java.util.Comparator;

/** The node's guests as the guest-facing routes see them; every answer is taken under the node's lock. */
final class NodeGuests implements GuestDirectory {

    private final Node node;

    NodeGuests(Node node) {
        this.node = node;
    }

    @Override
    public LogChannel vmLog(String vmId, String channel) {
        synchronized (node.lock) {
            Vm vm = node.find(vmId);
            return vm == null ? null : vm.guest.channel(channel);
        }
    }

    @Override
    public GuestSnapshot reach(String vmId) {
        synchronized (node.lock) {
            return agent(vmId).guest.snapshot(node.time.now());
        }
    }

    @Override
    public LogChannel containerLog(String vmId, String container) {
        synchronized (node.lock) {
            return agent(vmId).guest.containerLog(container);
        }
    }

    @Override
    public String routeGatewayId(String id) {
        synchronized (node.lock) {
            return node.all().stream()
                    .filter(vm -> vm.alive && vm.guestAgentUp && vm.guest.facts().gatewayEnabled()
                            && vm.instanceId != null && !vm.instanceId.isEmpty())
                    .filter(vm -> vm.instanceId.equals(id) || vm.config.appId().equals(id))
                    .max(Comparator.comparing((Vm vm) -> vm.instanceId.equals(id))
                            .thenComparing(vm -> vm.processStartedAt))
                    .map(vm -> vm.id).orElse(null);
        }
    }

    /** The VM whose guest agent answers over vsock; the errors are what the VMM's vsock client reports. */
    private Vm agent(String vmId) {
        Vm vm = node.find(vmId);
        if (vm == null) {
            throw new RpcError("vm not found");
        }
        if (!vm.alive) {
            throw new RpcError(GuestAgentErrors.NOT_RUNNING);
        }
        if (!vm.guestAgentUp) {
            throw new RpcError(GuestAgentErrors.NOT_LISTENING);
        }
        return vm;
    }
}
