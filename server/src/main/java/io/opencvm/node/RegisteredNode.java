package io.opencvm.node;

import java.util.List;

/** A node as its operator sees it: the node, its probe health and the slugs of the workspaces it is open to. */
record RegisteredNode(Node node, NodeHealth health, List<String> workspaceSlugs) {
}
