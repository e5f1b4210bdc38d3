package io.opencvm.node;

/** An amount of node capacity: vCPUs, memory (MB), disk (GB) and CVM slots. */
public record Resources(int vcpu, int memoryMb, int diskGb, int slots) {

    public static Resources ofCvm(int vcpu, int memoryMb, int diskGb) {
        return new Resources(vcpu, memoryMb, diskGb, 1);
    }

    public Resources minus(Resources other) {
        return new Resources(vcpu - other.vcpu, memoryMb - other.memoryMb, diskGb - other.diskGb, slots - other.slots);
    }

    /** True when {@code demand} fits into this amount. */
    public boolean fits(Resources demand) {
        return demand.vcpu <= vcpu && demand.memoryMb <= memoryMb && demand.diskGb <= diskGb && demand.slots <= slots;
    }
}
