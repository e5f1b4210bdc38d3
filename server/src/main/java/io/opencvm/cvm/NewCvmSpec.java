package io.opencvm.cvm;

/** What a new CVM is made of, as the commit and replica flows decide it; the CVM feature adds its ids and state. */
public record NewCvmSpec(long workspaceId, String name, CvmOrigin origin, CvmSpec spec, long nodeId) {
}
