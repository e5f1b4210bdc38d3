package io.opencvm.node;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where a new CVM goes: pure decisions over a snapshot of nodes, re-checked when the capacity is reserved
 * (one conditional UPDATE, {@link NodeService#reserve}). Provision and replicate decide here, and so should
 * every other flow that puts a CVM on a node.
 *
 * <p>The one ranking rule ({@link #RANKING}): among the nodes that can host the demand, the one with the most
 * free vCPU, then the most free memory, then the most free CVM slots; on a tie, the lower node id. A node can
 * host a demand when the workspace may use it, it has the demanded image (when one is demanded) and the
 * resources fit into what it has free.
 */
public final class Placement {

    /** Best first: most free vCPU, then memory, then slots, then the lower id. */
    public static final Comparator<Node> RANKING = Comparator.comparingInt((Node n) -> n.free().vcpu())
            .thenComparingInt(n -> n.free().memoryMb())
            .thenComparingInt(n -> n.free().slots())
            .reversed()
            .thenComparingLong(Node::id);

    /** What a CVM needs of a node: the workspace that will own it, its resources, and an image (null: any). */
    public record Demand(long workspaceId, Resources resources, String image) {
    }

    private Placement() {
    }

    /** The named node when there is one (never second-guessed), else the best node of the snapshot. */
    public static Node choose(Long nodeId, List<Node> snapshot, Demand demand) {
        if (nodeId != null) {
            return named(snapshot, nodeId, demand);
        }
        return best(snapshot, demand).orElseThrow(() -> new ApiException(ErrorCode.RESOURCE_NOT_AVAILABLE,
                "No node available to this workspace has " + demand.resources().vcpu() + " vCPU, "
                        + demand.resources().memoryMb() + " MB memory and " + demand.resources().diskGb() + " GB disk free"));
    }

    /** Node {@code nodeId} of the snapshot if it can host the demand; else its refusal (404 when it is not there). */
    public static Node named(List<Node> snapshot, long nodeId, Demand demand) {
        Node node = snapshot.stream().filter(n -> n.id() == nodeId).findFirst()
                .orElseThrow(() -> Node.notFound(nodeId));
        requireCanHost(node, demand);
        return node;
    }

    /** The best of {@code candidates} that can host the demand, by {@link #RANKING}. */
    public static Optional<Node> best(Collection<Node> candidates, Demand demand) {
        return candidates.stream().filter(n -> canHost(n, demand)).min(RANKING);
    }

    public static boolean canHost(Node node, Demand demand) {
        return node.usableBy(demand.workspaceId()) && (demand.image() == null || node.image(demand.image()).isPresent())
                && node.free().fits(demand.resources());
    }

    /**
     * Throws the refusal a client should see for this node, in this order: the workspace may not see it (404
     * ERR-01-001, as if missing) or it is offline (ERR-02-012), it lacks the image (ERR-03-006), it lacks room (ERR-02-003/004/005/002).
     */
    public static void requireCanHost(Node node, Demand demand) {
        node.requireUsableBy(demand.workspaceId());
        if (demand.image() != null && node.image(demand.image()).isEmpty()) {
            throw new ApiException(ErrorCode.REPLICA_IMAGE_NOT_AVAILABLE,
                    "Node " + node.name() + " does not have the OS image " + demand.image(),
                    List.of(ErrorDetail.field("node_id", node.id()), ErrorDetail.note("image " + demand.image() + " missing")),
                    List.of("Pick a node that lists image " + demand.image() + " in GET /teepods/available"));
        }
        node.requireRoomFor(demand.resources());
    }

    /** The requested image if the node has it (else ERR-02-010), or the node's newest non-dev image. */
    public static NodeImage bootImage(Node node, String requested) {
        if (requested != null) {
            return node.image(requested).orElseThrow(() -> new ApiException(ErrorCode.IMAGE_NOT_FOUND,
                    "Node " + node.name() + " has no image " + requested));
        }
        Comparator<NodeImage> newest = Comparator.comparing(NodeImage::isDev, Comparator.reverseOrder())
                .thenComparing(i -> versionKey(i.version()), Arrays::compare)
                .thenComparing(NodeImage::name);
        return node.images().stream().max(newest).orElseThrow(() -> new ApiException(ErrorCode.IMAGE_NOT_FOUND,
                "Node " + node.name() + " has no OS image"));
    }

    /** The numbers of an image version ({@code 0.5.4} → 0, 5, 4), to compare versions by. */
    public static int[] versionKey(String version) {
        if (version == null) {
            return new int[0];
        }
        return Arrays.stream(version.split("[^0-9]+")).filter(s -> !s.isEmpty())
                .mapToInt(s -> s.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(s)).toArray();
    }
}
