package io.opencvm.cvm;

/**
 * What a new CVM is made of, as the commit and replica flows decide it; the CVM feature adds its ids and state.
 * {@code replicaNumber} is the n of a replica's name {@code <source>-replica-<n>} (null for any other CVM).
 */
public record NewCvmSpec(long workspaceId, String name, CvmOrigin origin, CvmSpec spec, long nodeId,
                         Integer replicaNumber) {
}
