package io.opencvm.node;

import java.util.List;

/**
 * What a node last told about itself: its dstack-vmm version, platform ids (null from a real node), OS images, and the
 * base domain its dstack-gateway publishes guests under (null when it has no gateway or was not probed yet).
 */
public record NodeFacts(String version, String ppid, String fmspc, List<NodeImage> images, String gatewayDomain) {

    public NodeFacts(String version, String ppid, String fmspc, List<NodeImage> images) {
        this(version, ppid, fmspc, images, null);
    }
}
