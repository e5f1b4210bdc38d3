package io.opencvm.provision;

import java.time.Instant;

/** A provisioned, not yet committed CVM: everything {@code POST /cvms} needs, for 24 hours. */
record Provision(long id, long workspaceId, long userId, String appId, String composeHash, String composeFile,
                 String name, long nodeId, Long kmsPk, String image, String instanceType, int vcpu, int memoryMb,
                 int diskGb, boolean listed, String envPubkey, Instant createdAt, Instant expiresAt) {

    @Override
    public String toString() {
        return "Provision[" + id + " " + name + " app " + appId + "]";
    }
}
