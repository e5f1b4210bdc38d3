package io.opencvm.replica;

/** The body of commit-replica: the token (or {@code ?token=}), the compose hash, and the registering tx. */
record CommitReplicaRequest(String token, String composeHash, String transactionHash) {

    /** What the CLI sends when the owner registered by other means. */
    static final String ALREADY_REGISTERED = "already-registered";
}
