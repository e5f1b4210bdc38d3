package io.opencvm.replica;

/**
 * The body of Replicate CVM after validation: every field optional. {@code nodeId} already merges
 * the deprecated {@code teepod_id}; {@code composeHash} is 64 lower-case hex without {@code 0x}.
 */
public record ReplicateRequest(Long nodeId, String encryptedEnv, String composeHash) {

    public static final ReplicateRequest EMPTY = new ReplicateRequest(null, null, null);
}
