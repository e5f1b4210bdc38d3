package io.opencvm.provision;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.node.Node;
import io.opencvm.node.NodeImage;
import io.opencvm.node.Resources;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Where a new CVM goes and which image it boots, as pure functions over a snapshot of nodes. The
 * choice is re-checked when the capacity is reserved (one conditional UPDATE at commit).
 */
final class Placement {

    private static final Comparator<Resources> ROOMIER = Comparator.comparingInt(Resources::memoryMb)
            .thenComparingInt(Resources::vcpu).thenComparingInt(Resources::slots);

    private Placement() {
    }

    /** The usable node with the most free room that fits {@code demand}, or ERR-02-002. */
    static Node choose(List<Node> usable, Resources demand) {
        return usable.stream().filter(n -> n.free().fits(demand))
                .max(Comparator.comparing(Node::free, ROOMIER).thenComparing(Node::id, Comparator.reverseOrder()))
                .orElseThrow(() -> new ApiException(ErrorCode.RESOURCE_NOT_AVAILABLE,
                        "No node available to this workspace has " + demand.vcpu() + " vCPU, " + demand.memoryMb()
                                + " MB memory and " + demand.diskGb() + " GB disk free"));
    }

    /** Refuses a node the workspace may not use (ERR-02-012) or that lacks room (ERR-02-003/004/005/002). */
    static void check(Node node, long workspaceId, Resources demand) {
        if (!node.usableBy(workspaceId)) {
            throw new ApiException(ErrorCode.TEEPOD_NOT_ACCESSIBLE, "Node " + node.id() + " is not available to this workspace");
        }
        node.requireRoomFor(demand);
    }

    /** The requested image if the node has it (else ERR-02-010), or the node's newest non-dev image. */
    static NodeImage image(Node node, String requested) {
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

    static int[] versionKey(String version) {
        if (version == null) {
            return new int[0];
        }
        return Arrays.stream(version.split("[^0-9]+")).filter(s -> !s.isEmpty())
                .mapToInt(s -> s.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(s)).toArray();
    }
}
