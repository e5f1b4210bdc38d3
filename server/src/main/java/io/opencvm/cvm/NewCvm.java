package io.opencvm.cvm;

/** The fields of a CVM about to be inserted (status provisioning, desired running, capacity held). */
public record NewCvm(String publicId, long workspaceId, long appPk, String appId, long creatorUserId, String name,
                     String vmUuid, long nodeId, String composeHash, String image, String instanceType, int vcpu,
                     int memoryMb, int diskGb, String encryptedEnv, Long sourceCvmId, boolean listed) {
}
