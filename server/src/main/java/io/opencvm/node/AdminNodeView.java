package io.opencvm.node;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** A node as {@code /admin/nodes} shows it. Never carries the VMM token. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record AdminNodeView(long id, String name, String vmmUrl, String region, String status, boolean listed,
                     boolean openToAll, List<String> workspaces, CapacityBody capacity, CapacityBody reserved,
                     String kmsId, String deviceId, String version, List<Image> images, Instant lastSeenAt,
                     int probeFailures, String lastError) {

    static AdminNodeView of(RegisteredNode r, String kmsPublicId) {
        Node n = r.node();
        return new AdminNodeView(n.id(), n.name(), n.settings().vmmUrl(), n.settings().region(), n.status().wire(), n.settings().listed(),
                n.settings().openToAll(), r.workspaceSlugs(), CapacityBody.of(n.capacity()), CapacityBody.of(n.reserved()),
                kmsPublicId, n.deviceId(), n.facts().version(), n.images().stream().map(Image::of).toList(), n.lastSeenAt(),
                r.health().failures(), r.health().lastError());
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Image(String name, String version, boolean isDev, String osImageHash) {

        static Image of(NodeImage i) {
            return new Image(i.name(), i.version(), i.isDev(), i.osImageHash());
        }
    }
}
