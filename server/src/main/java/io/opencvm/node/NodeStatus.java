package io.opencvm.node;

/** Reachability of a node as last probed: unknown until the first probe answers or fails. */
public enum NodeStatus {
    UNKNOWN, ONLINE, OFFLINE;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
