package io.opencvm.vmm;

import java.util.List;

/**
 * CreateVm's request ({@code VmConfiguration} of vmm_rpc.proto), the fields a control plane sets.
 * {@code encryptedEnv} is hex; {@code appId} is always sent so every replica keeps the app's identity.
 */
public record VmConfiguration(String name, String image, String composeFile, int vcpu, int memory, int diskSize,
                              List<Object> ports, String encryptedEnv, String appId, String userConfig,
                              boolean hugepages, boolean pinNuma, List<String> kmsUrls, List<String> gatewayUrls,
                              boolean stopped) {

    public static VmConfiguration of(String name, String image, String composeFile, int vcpu, int memoryMb,
                                     int diskGb, String encryptedEnvHex, String appId) {
        return new VmConfiguration(name, image, composeFile, vcpu, memoryMb, diskGb, List.of(),
                encryptedEnvHex == null ? "" : encryptedEnvHex, appId, "", false, false, List.of(), List.of(), false);
    }

    /** The same request with the guest's KMS list set ({@code kms_urls}; empty = the node's own list). */
    public VmConfiguration withKmsUrls(List<String> urls) {
        return new VmConfiguration(name, image, composeFile, vcpu, memory, diskSize, ports, encryptedEnv, appId,
                userConfig, hugepages, pinNuma, List.copyOf(urls), gatewayUrls, stopped);
    }

    /** The same request with {@code user_config} set: what the VMM writes to the guest's {@code .user-config}. */
    public VmConfiguration withUserConfig(String text) {
        return new VmConfiguration(name, image, composeFile, vcpu, memory, diskSize, ports, encryptedEnv, appId,
                text == null ? "" : text, hugepages, pinNuma, kmsUrls, gatewayUrls, stopped);
    }

    @Override
    public String toString() {
        return "VmConfiguration[" + name + " " + image + " " + vcpu + " vCPU]"; // never the encrypted env
    }
}
