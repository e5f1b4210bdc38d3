package io.opencvm.node;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A dstack node (the API calls it a teepod): what its operator decided ({@code settings}), the workspaces it is
 * open to, what its CVMs hold of it ({@code reserved}), what it told about itself ({@code facts}) and whether it
 * answers ({@code status}, as last probed). {@code id} is the {@code node_id}/{@code teepod_id} clients send.
 * Built in one place ({@code NodeStore}); a new field is one component of one group.
 */
public record Node(long id, String name, NodeSettings settings, Set<Long> workspaceIds, Resources reserved,
                   NodeFacts facts, NodeStatus status, Instant lastSeenAt) {

    public Resources capacity() {
        return settings.capacity();
    }

    public Resources free() {
        return settings.capacity().minus(reserved);
    }

    public Long kmsId() {
        return settings.kmsId();
    }

    public String deviceId() {
        return settings.deviceId();
    }

    public List<NodeImage> images() {
        return facts.images();
    }

    public boolean openTo(long workspaceId) {
        return settings.openToAll() || workspaceIds.contains(workspaceId);
    }

    /** Usable by a workspace right now: open to it and not known to be unreachable. */
    public boolean usableBy(long workspaceId) {
        return openTo(workspaceId) && status != NodeStatus.OFFLINE;
    }

    /**
     * The one access check of a node: a private node closed to the workspace is answered exactly like a missing
     * one (404 ERR-01-001, {@link #notFound}); an open node that is offline is 400 ERR-02-012.
     */
    public void requireUsableBy(long workspaceId) {
        if (!openTo(workspaceId)) {
            throw notFound(id);
        }
        if (status == NodeStatus.OFFLINE) {
            throw new ApiException(ErrorCode.TEEPOD_NOT_ACCESSIBLE, "Node " + name + " is offline",
                    List.of(ErrorDetail.field("node_id", id)));
        }
    }

    /** The one "no such node" answer, for a missing node and for one the caller's workspace may not see. */
    public static ApiException notFound(long nodeId) {
        return new ApiException(ErrorCode.NODE_NOT_FOUND, "Node " + nodeId + " not found",
                List.of(ErrorDetail.field("node_id", nodeId)));
    }

    /** Throws {@link #lackOfRoom}'s refusal; returns normally when {@code demand} fits. */
    public void requireRoomFor(Resources demand) {
        Optional<ApiException> refusal = lackOfRoom(demand);
        if (refusal.isPresent()) {
            throw refusal.get();
        }
    }

    /**
     * The refusal for the first resource that does not fit: ERR-02-003 vCPU, ERR-02-004 memory, ERR-02-005
     * slots, ERR-02-002 disk; empty when {@code demand} fits.
     */
    public Optional<ApiException> lackOfRoom(Resources demand) {
        Resources free = free();
        if (demand.vcpu() > free.vcpu()) {
            return Optional.of(new ApiException(ErrorCode.INSUFFICIENT_VCPU,
                    "Node " + name + " has " + free.vcpu() + " vCPU free, " + demand.vcpu() + " needed"));
        }
        if (demand.memoryMb() > free.memoryMb()) {
            return Optional.of(new ApiException(ErrorCode.INSUFFICIENT_MEMORY,
                    "Node " + name + " has " + free.memoryMb() + " MB memory free, " + demand.memoryMb() + " needed"));
        }
        if (demand.slots() > free.slots()) {
            return Optional.of(new ApiException(ErrorCode.INSUFFICIENT_SLOTS, "Node " + name + " has no free CVM slot"));
        }
        if (demand.diskGb() > free.diskGb()) {
            return Optional.of(new ApiException(ErrorCode.RESOURCE_NOT_AVAILABLE,
                    "Node " + name + " has " + free.diskGb() + " GB disk free, " + demand.diskGb() + " needed"));
        }
        return Optional.empty();
    }

    public Optional<NodeImage> image(String imageName) {
        return facts.images().stream().filter(i -> i.name().equals(imageName)).findFirst();
    }
}
