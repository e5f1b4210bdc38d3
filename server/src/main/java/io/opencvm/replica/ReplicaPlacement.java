package io.opencvm.replica;

import io.opencvm.node.Node;
import io.opencvm.node.Placement;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a replica goes, by the one placement rule ({@link Placement}) with a preference of its own: an
 * explicit node is never second-guessed; without one the replica stays on the source node, or, when that node
 * cannot take it, goes to the best other node that runs the source node's KMS.
 */
final class ReplicaPlacement {

    /** The chosen node, and why it is not the requested/source node when it is not. */
    record Decision(Node node, boolean movedFromSource, String reason) {
    }

    private ReplicaPlacement() {
    }

    /** {@code kmsId}: the KMS of the source node, which a node the replica moves to must share. */
    static Decision decide(Long explicitNodeId, long sourceNodeId, Long kmsId, Placement.Demand demand,
                           List<Node> snapshot) {
        if (explicitNodeId != null) {
            Node target = Placement.named(snapshot, explicitNodeId, demand);
            return new Decision(target, target.id() != sourceNodeId, "requested");
        }
        Optional<Node> source = snapshot.stream().filter(n -> n.id() == sourceNodeId).findFirst();
        if (source.isPresent() && Placement.canHost(source.get(), demand)) {
            return new Decision(source.get(), false, "source node");
        }
        List<Node> others = snapshot.stream()
                .filter(n -> n.id() != sourceNodeId && Objects.equals(n.kmsId(), kmsId)).toList();
        Optional<Node> best = Placement.best(others, demand);
        if (best.isPresent()) {
            return new Decision(best.get(), true, "source node cannot take the replica");
        }
        // Nowhere else fits either: report why the source node refused.
        Placement.named(snapshot, sourceNodeId, demand);
        throw new IllegalStateException("source node " + sourceNodeId + " can host yet was not chosen");
    }
}
