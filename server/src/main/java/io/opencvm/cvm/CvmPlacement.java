package io.opencvm.cvm;

/**
 * Where a CVM runs: its node, the id the node gave its VM (null until created), and whether the CVM still holds
 * its reservation of the node's capacity (released exactly once, when it is deleted).
 */
public record CvmPlacement(long nodeId, String nodeVmId, boolean capacityHeld) {
}
