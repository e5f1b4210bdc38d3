package io.opencvm.node;

/** How probing a node has gone lately: consecutive failures and the last one's reason. */
record NodeHealth(int failures, String lastError) {

    static final NodeHealth FRESH = new NodeHealth(0, null);
}
