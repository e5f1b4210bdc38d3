package io.opencvm.replica;

import io.opencvm.node.Node;
import io.opencvm.node.Placement;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * Where a replica goes, by the one placement rule ({@link Placement}) with a preference of its own: an
 * explicit node is never second-guessed; without one the replica stays on the source node, or, when that node
 * cannot take it, goes to the best other node that runs the source node's KMS.
 */
final class ReplicaPlacement {

    /** The chosen node, and why it is not the requested/source node when it is not. */
    record Decision(Node node, boolean movedFromSource, String reason) {
    }

    /**
     * The nodes a decision may look at: one by id, and all of them. A replica that stays where it is asked to
     * (or on its source node) needs one node; only one that must move needs them all.
     */
    record Nodes(LongFunction<Optional<Node>> byId, Supplier<List<Node>> all) {

        static Nodes of(List<Node> snapshot) {
            return new Nodes(id -> snapshot.stream().filter(n -> n.id() == id).findFirst(), () -> snapshot);
        }

        List<Node> one(long id) {
            return byId.apply(id).map(List::of).orElse(List.of());
        }
    }

    private ReplicaPlacement() {
    }

    static Decision decide(Long explicitNodeId, long sourceNodeId, Long kmsId, Placement.Demand demand,
                           List<Node> snapshot) {
        return decide(explicitNodeId, sourceNodeId, kmsId, demand, Nodes.of(snapshot));
    }

    /** {@code kmsId}: the KMS of the source node, which a node the replica moves to must share. */
    static Decision decide(Long explicitNodeId, long sourceNodeId, Long kmsId, Placement.Demand demand, Nodes nodes) {
        if (explicitNodeId != null) {
            Node target = Placement.named(nodes.one(explicitNodeId), explicitNodeId, demand);
            return new Decision(target, target.id() != sourceNodeId, "requested");
        }
        Optional<Node> source = nodes.byId().apply(sourceNodeId);
        if (source.isPresent() && Placement.canHost(source.get(), demand)) {
            return new Decision(source.get(), false, "source node");
        }
        List<Node> all = nodes.all().get();
        List<Node> others = all.stream().filter(n -> n.id() != sourceNodeId && Objects.equals(n.kmsId(), kmsId)).toList();
        Optional<Node> best = Placement.best(others, demand);
        if (best.isPresent()) {
            return new Decision(best.get(), true, "source node cannot take the replica");
        }
        // Nowhere else fits either: report why the source node refused.
        Placement.named(all, sourceNodeId, demand);
        throw new IllegalStateException("source node " + sourceNodeId + " can host yet was not chosen");
    }
}
