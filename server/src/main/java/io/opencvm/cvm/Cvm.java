package io.opencvm.cvm;

import io.opencvm.node.Resources;
import java.time.Instant;

/**
 * One CVM row. {@code id} is the v2025 numeric id, {@code publicId} the v2026 opaque id,
 * {@code vmUuid} our id for its VM, {@code nodeVmId} the id the node gave the VM (null until created).
 * {@code desired} is written by the API only, {@code observed} by the reconciler only.
 */
public record Cvm(long id, String publicId, long workspaceId, long appPk, String appId, long creatorUserId,
                  String name, String vmUuid, String nodeVmId, long nodeId, String composeHash, String image,
                  String instanceType, int vcpu, int memoryMb, int diskGb, String encryptedEnv, Long sourceCvmId,
                  boolean listed, DesiredState desired, CvmStatus status, Observation observed, int generation,
                  boolean capacityHeld, Instant createdAt, Instant updatedAt, Instant deletedAt) {

    /** A new CVM's generation; every change of what is wanted of it adds one. */
    public static final int FIRST_GENERATION = 0;

    public Resources resources() {
        return Resources.ofCvm(vcpu, memoryMb, diskGb);
    }

    public String instanceId() {
        return observed.instanceId();
    }

    /** The VM's name on the node: the CVM name plus our uuid, which is how the node's VM is found again. */
    public String nodeVmName() {
        return name + "@" + vmUuid;
    }

    @Override
    public String toString() {
        return "Cvm[" + id + " " + name + " " + vmUuid + " " + status.wire() + "]"; // never the encrypted env
    }
}
