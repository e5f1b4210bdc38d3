package io.opencvm.node;

/** A guest OS image a node can boot, as the node's ListImages reports it. */
public record NodeImage(String name, String version, boolean isDev, String osImageHash) {
}
