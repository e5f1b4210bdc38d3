package io.opencvm.replica;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import io.opencvm.node.Node;
import io.opencvm.node.Resources;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a replica goes — a pure decision over a snapshot of nodes, re-checked later by the
 * conditional capacity UPDATE. An explicit node is never second-guessed; without one the replica
 * goes to the source node, or, when that node cannot take it, to the best other node that has the
 * image, the room, the same KMS and is open to the workspace.
 */
final class ReplicaPlacement {

    /** The chosen node, and why it is not the requested/source node when it is not. */
    record Decision(Node node, boolean movedFromSource, String reason) {
    }

    /** What the replica needs from a node. */
    record Demand(long workspaceId, String image, Long kmsId, Resources resources) {
    }

    private ReplicaPlacement() {
    }

    static Decision decide(Long explicitNodeId, long sourceNodeId, Demand demand, List<Node> snapshot) {
        if (explicitNodeId != null) {
            Node target = find(snapshot, explicitNodeId).orElseThrow(() -> new ApiException(ErrorCode.NODE_NOT_FOUND,
                    "Target node " + explicitNodeId + " not found", List.of(ErrorDetail.field("node_id", explicitNodeId))));
            requireCanHost(target, demand);
            return new Decision(target, target.id() != sourceNodeId, "requested");
        }
        Optional<Node> source = find(snapshot, sourceNodeId);
        if (source.isPresent() && canHost(source.get(), demand)) {
            return new Decision(source.get(), false, "source node");
        }
        Optional<Node> best = snapshot.stream()
                .filter(n -> n.id() != sourceNodeId)
                .filter(n -> canHost(n, demand) && Objects.equals(n.kmsId(), demand.kmsId()))
                .max(Comparator.comparingInt((Node n) -> n.free().vcpu())
                        .thenComparingInt(n -> n.free().memoryMb())
                        .thenComparingInt(n -> n.free().slots())
                        .thenComparing(Comparator.comparingLong(Node::id).reversed()));
        if (best.isPresent()) {
            return new Decision(best.get(), true, "source node cannot take the replica");
        }
        // Nowhere else fits either: report why the source node refused.
        Node src = source.orElseThrow(() -> new ApiException(ErrorCode.NODE_NOT_FOUND, "Source node not found"));
        requireCanHost(src, demand);
        throw new IllegalStateException("source node " + src.id() + " can host yet was not chosen");
    }

    static boolean canHost(Node node, Demand demand) {
        return node.usableBy(demand.workspaceId()) && node.image(demand.image()).isPresent()
                && node.free().fits(demand.resources());
    }

    /** Throws the refusal a client should see for this node: access, then image, then capacity. */
    static void requireCanHost(Node node, Demand demand) {
        if (!node.usableBy(demand.workspaceId())) {
            String why = node.openTo(demand.workspaceId()) ? "is offline" : "is not open to this workspace";
            throw new ApiException(ErrorCode.TEEPOD_NOT_ACCESSIBLE, "Target node " + node.name() + " " + why,
                    List.of(ErrorDetail.field("node_id", node.id())));
        }
        if (node.image(demand.image()).isEmpty()) {
            throw new ApiException(ErrorCode.REPLICA_IMAGE_NOT_AVAILABLE,
                    "Target node does not have the source OS image",
                    List.of(ErrorDetail.field("node_id", node.id()), ErrorDetail.note("image " + demand.image() + " missing")),
                    List.of("Pick a node that lists image " + demand.image() + " in GET /teepods/available"));
        }
        node.requireRoomFor(demand.resources());
    }

    private static Optional<Node> find(List<Node> nodes, long id) {
        return nodes.stream().filter(n -> n.id() == id).findFirst();
    }
}
