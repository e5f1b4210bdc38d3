package io.opencvm.node;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A dstack node (the API calls it a teepod): where it is reached, what it can hold, and what it
 * reported about itself. {@code id} is the {@code node_id}/{@code teepod_id} clients send.
 */
public record Node(long id, String name, String vmmUrl, String vmmToken, String region, boolean listed,
                   boolean openToAll, Set<Long> workspaceIds, Long kmsId, Resources capacity, Resources reserved,
                   String deviceId, String ppid, String fmspc, String version, NodeStatus status,
                   Instant lastSeenAt, List<NodeImage> images) {

    public Resources free() {
        return capacity.minus(reserved);
    }

    public boolean openTo(long workspaceId) {
        return openToAll || workspaceIds.contains(workspaceId);
    }

    /** Usable by a workspace right now: open to it and not known to be unreachable. */
    public boolean usableBy(long workspaceId) {
        return openTo(workspaceId) && status != NodeStatus.OFFLINE;
    }

    public Optional<NodeImage> image(String imageName) {
        return images.stream().filter(i -> i.name().equals(imageName)).findFirst();
    }
}
