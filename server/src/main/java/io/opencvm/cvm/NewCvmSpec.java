package io.opencvm.cvm;

import io.opencvm.node.Resources;

/**
 * What a new CVM is made of, as the commit and replica flows decide it. {@code encryptedEnv} is hex
 * exactly as received (or null); {@code sourceCvmId} is set on replicas.
 */
public record NewCvmSpec(long workspaceId, long creatorUserId, long appPk, String appId, String name, long nodeId,
                         String composeHash, String image, String instanceType, Resources resources,
                         String encryptedEnv, Long sourceCvmId, boolean listed) {

    @Override
    public String toString() {
        return "NewCvmSpec[" + name + " app " + appId + " node " + nodeId + "]"; // never the encrypted env
    }
}
