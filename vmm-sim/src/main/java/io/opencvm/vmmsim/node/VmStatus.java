package io.opencvm.vmmsim.node;

/** The status string of {@code VmState::merged_info}: always derived, never stored. */
public enum VmStatus {
    RUNNING("running"),
    EXITED("exited"),
    STOPPING("stopping"),
    STOPPED("stopped"),
    REMOVING("removing");

    private final String wire;

    VmStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** As dstack-vmm derives it: removing wins; otherwise the started flag against whether the process is alive. */
    public static VmStatus of(boolean removing, boolean started, boolean alive) {
        if (removing) {
            return REMOVING;
        }
        if (started) {
            return alive ? RUNNING : EXITED;
        }
        return alive ? STOPPING : STOPPED;
    }
}
