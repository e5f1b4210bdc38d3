package io.opencvm.node;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * An item of {@code GET /workspaces/{slug}/nodes} (the shape the clients call {@code NodeRef}): status is
 * {@code online} or {@code offline} (a node not probed yet counts as offline).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record NodeSummary(String objectType, long id, String name, String region, String deviceId, String ppid,
                   String status, String version) {

    static NodeSummary of(Node n) {
        return new NodeSummary("node", n.id(), n.name(), n.settings().region(), n.deviceId(), n.facts().ppid(),
                n.status() == NodeStatus.ONLINE ? "online" : "offline", n.facts().version());
    }
}
