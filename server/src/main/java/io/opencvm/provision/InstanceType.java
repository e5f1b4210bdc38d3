package io.opencvm.provision;

/**
 * An instance type a provision may name, with the resources it stands for; one row of {@link InstanceTypeTable}.
 * Its id is {@code <family>.<name>} ({@code tdx.small}); the catalogue groups types by family.
 */
record InstanceType(String id, String description, int vcpu, int memoryMb, int defaultDiskGb, boolean requiresGpu,
                    String hourlyRate) {

    InstanceType {
        if (id == null || !id.matches("[a-z0-9-]+\\.[a-z0-9-]+")) {
            throw new IllegalArgumentException("instance type id must be <family>.<name> in lower case: " + id);
        }
        if (vcpu < 1 || memoryMb < 1 || defaultDiskGb < 1) {
            throw new IllegalArgumentException("instance type " + id + " needs vcpu, memory-mb and default-disk-gb above 0");
        }
        if (description == null || description.isBlank()) {
            description = vcpu + " vCPU, " + memoryMb / 1024 + " GB memory, Intel TDX";
        }
        if (hourlyRate == null || hourlyRate.isBlank()) {
            hourlyRate = "0"; // a self-hosted plane bills nothing
        }
    }

    /** The family the catalogue groups it under: the part of its id before the dot ({@code tdx}). */
    String family() {
        return id.substring(0, id.indexOf('.'));
    }
}
