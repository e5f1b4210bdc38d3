package io.opencvm.vmmsim.node;

import io.opencvm.vmmsim.crypto.Sha256;
import io.opencvm.vmmsim.node.VmmMessages.NetworkInterfaceStatus;
import io.opencvm.vmmsim.node.VmmMessages.VmInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Renders a {@link Vm} as {@code VmInfo}, computing status, durations and URLs at read time (never stored). */
final class VmInfoView {

    private final NodeProfile profile;

    VmInfoView(NodeProfile profile) {
        this.profile = profile;
    }

    VmInfo render(Vm vm, Instant now, boolean brief) {
        String instanceId = vm.instanceId == null || vm.instanceId.isEmpty() ? null : vm.instanceId;
        NodeImage image = profile.image(vm.config.image());
        return new VmInfo(vm.id, vm.config.name(), vm.status().wire(),
                vm.alive && vm.processStartedAt != null ? since(vm.processStartedAt, now) : "never",
                appUrl(vm, instanceId), vm.config.appId(), instanceId,
                brief ? null : vm.config.withStopped(!vm.started),
                !vm.alive && vm.processStoppedAt != null ? since(vm.processStoppedAt, now) : "never",
                vm.bootProgress, vm.bootError, vm.shutdownProgress, image == null ? "" : image.version(),
                new ArrayList<>(vm.events),
                profile.generation() == Generation.HEAD ? interfaces(vm.id) : null);
    }

    private String appUrl(Vm vm, String instanceId) {
        if (instanceId == null || profile.gatewayBaseDomain().isEmpty()) {
            return null;
        }
        boolean gateway;
        try {
            gateway = AppCompose.parse(vm.config.composeFile()).gatewayEnabled();
        } catch (RuntimeException e) {
            gateway = false;
        }
        return gateway ? "https://" + instanceId + "-" + profile.gatewayAgentPort() + "." + profile.gatewayBaseDomain()
                : null;
    }

    private static String since(Instant from, Instant now) {
        return HumanDuration.format(Duration.between(from, now));
    }

    private static List<NetworkInterfaceStatus> interfaces(String vmId) {
        return List.of(new NetworkInterfaceStatus("user", "slirp", mac(vmId, 0), null, "net0"));
    }

    /** {@code mac_address_for_vm_index} with no configured prefix: locally administered, unicast. */
    static String mac(String vmId, int index) {
        byte[] hash = Sha256.hash((index == 0 ? vmId : vmId + ":" + index).getBytes(StandardCharsets.UTF_8));
        hash[0] = (byte) ((hash[0] & 0xfe) | 0x02);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                out.append(':');
            }
            out.append(String.format("%02x", hash[i] & 0xff));
        }
        return out.toString();
    }
}
