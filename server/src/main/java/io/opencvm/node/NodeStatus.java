package io.opencvm.node;

import java.util.Locale;

/** Reachability of a node as last probed: unknown until the first probe answers or fails. */
public enum NodeStatus {
    UNKNOWN, ONLINE, OFFLINE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
