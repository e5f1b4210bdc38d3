package io.opencvm.vmm;

/**
 * UpdateVm's request ({@code UpdateVmRequest} of vmm_rpc.proto), the fields a control plane sets. A null field is
 * left out of the message and so keeps what the node has; {@code encryptedEnv} is hex. Resource fields need the VM
 * stopped; the node applies all of it at the VM's next boot.
 */
public record UpdateVmRequest(String id, String composeFile, String encryptedEnv, Integer vcpu, Integer memory,
                              Integer diskSize, String image) {

    @Override
    public String toString() {
        return "UpdateVmRequest[" + id + "]"; // never the encrypted env
    }
}
