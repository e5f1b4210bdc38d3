package io.opencvm.node;

import java.util.List;

/** What a node last told about itself: its dstack-vmm version, platform ids (null from a real node) and OS images. */
public record NodeFacts(String version, String ppid, String fmspc, List<NodeImage> images) {
}
