package io.opencvm.provision;

import java.util.Arrays;
import java.util.Optional;

/** The instance types a provision may name, with the resources each stands for. */
enum InstanceType {
    SMALL("tdx.small", 1, 2048),
    MEDIUM("tdx.medium", 2, 4096),
    LARGE("tdx.large", 4, 8192);

    static final int DEFAULT_DISK_GB = 20;

    private final String id;
    private final int vcpu;
    private final int memoryMb;

    InstanceType(String id, int vcpu, int memoryMb) {
        this.id = id;
        this.vcpu = vcpu;
        this.memoryMb = memoryMb;
    }

    String id() {
        return id;
    }

    int vcpu() {
        return vcpu;
    }

    int memoryMb() {
        return memoryMb;
    }

    /** The family the catalogue groups it under: the part of its id before the dot ({@code tdx}). */
    String family() {
        return id.substring(0, id.indexOf('.'));
    }

    static Optional<InstanceType> byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }
}
