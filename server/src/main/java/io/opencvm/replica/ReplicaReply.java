package io.opencvm.replica;

/** An HTTP answer of the replica endpoints: status and JSON body (replayed verbatim for a repeated key). */
record ReplicaReply(int status, String body) {
}
