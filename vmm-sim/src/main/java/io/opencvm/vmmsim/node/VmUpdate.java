package io.opencvm.vmmsim.node;

import io.opencvm.vmmsim.node.VmmMessages.GpuConfig;
import io.opencvm.vmmsim.node.VmmMessages.NetworkingConfig;
import io.opencvm.vmmsim.node.VmmMessages.PortMapping;
import io.opencvm.vmmsim.node.VmmMessages.VmConfiguration;
import io.opencvm.vmmsim.prpc.RpcError;
import java.util.List;

/**
 * {@code UpdateVmRequest}: empty strings and unset flags mean "keep"; resource fields are {@code null} when
 * absent. The app id is never changed.
 */
public record VmUpdate(String id, String composeFile, String encryptedEnv, String userConfig, boolean updatePorts,
        List<PortMapping> ports, boolean updateKmsUrls, List<String> kmsUrls, boolean updateGatewayUrls,
        List<String> gatewayUrls, GpuConfig gpus, Long vcpu, Long memory, Long diskSize, String image, Boolean noTee,
        boolean updateNetworking, List<NetworkingConfig> networks) {

    public static VmUpdate resources(String id, Long vcpu, Long memory, Long diskSize, String image) {
        return new VmUpdate(id, "", "", "", false, List.of(), false, List.of(), false, List.of(), null, vcpu, memory,
                diskSize, image, null, false, List.of());
    }

    boolean changesResources() {
        return vcpu != null || memory != null || diskSize != null || image != null || noTee != null;
    }

    /** Validates everything first, so a refused update changes nothing; returns the new configuration. */
    VmConfiguration applyTo(Vm vm, VmConfigRules rules, List<PortMapping> otherPorts, NodeProfile profile) {
        VmConfiguration c = vm.config;
        if (!composeFile.isEmpty()) {
            try {
                AppCompose.parse(composeFile);
            } catch (RpcError e) {
                throw e.within("Invalid compose file");
            }
        }
        if (changesResources()) {
            VmStatus status = vm.status();
            if (status != VmStatus.STOPPED && status != VmStatus.EXITED) {
                throw new RpcError("vm should be stopped before resize: " + id);
            }
            if (diskSize != null && diskSize < c.diskSize()) {
                throw new RpcError("Cannot shrink disk size");
            }
            if (image != null) {
                VmConfigRules.checkImageName(image);
                if (profile.image(image) == null) {
                    throw new RpcError("Image not found: " + image);
                }
            }
        }
        List<PortMapping> newPorts = updatePorts ? rules.checkPorts(ports, otherPorts, true) : c.ports();
        VmConfigRules.checkGpus(gpus);
        return new VmConfiguration(c.name(), image != null ? image : c.image(),
                composeFile.isEmpty() ? c.composeFile() : composeFile, vcpu != null ? vcpu : c.vcpu(),
                memory != null ? memory : c.memory(), diskSize != null ? diskSize : c.diskSize(), newPorts,
                encryptedEnv.isEmpty() ? c.encryptedEnv() : encryptedEnv, c.appId(),
                userConfig.isEmpty() ? c.userConfig() : userConfig, c.hugepages(), c.pinNuma(),
                gpus != null ? gpus : c.gpus(), updateKmsUrls ? kmsUrls : c.kmsUrls(),
                updateGatewayUrls ? gatewayUrls : c.gatewayUrls(), false, noTee != null ? noTee : c.noTee(),
                updateNetworking ? null : c.networking(), updateNetworking ? networks : c.networks(),
                c.simulatedTee());
    }
}
