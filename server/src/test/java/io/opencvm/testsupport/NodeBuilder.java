package io.opencvm.testsupport;

import io.opencvm.node.Node;
import io.opencvm.node.NodeFacts;
import io.opencvm.node.NodeImage;
import io.opencvm.node.NodeSettings;
import io.opencvm.node.NodeStatus;
import io.opencvm.node.Resources;
import java.util.List;
import java.util.Set;

/**
 * Hand-made nodes for the pure decisions' table tests: by default online, open to every workspace, capacity
 * 16 vCPU / 65536 MB / 2000 GB / 20 slots with nothing reserved, no KMS, image {@code dstack-0.5.4}.
 */
public final class NodeBuilder {

    private final long id;
    private Resources capacity = new Resources(16, 65536, 2000, 20);
    private Resources reserved = new Resources(0, 0, 0, 0);
    private boolean openToAll = true;
    private Set<Long> workspaces = Set.of();
    private Long kmsId;
    private NodeStatus status = NodeStatus.ONLINE;
    private List<NodeImage> images = List.of(new NodeImage("dstack-0.5.4", "0.5.4", false, null));

    private NodeBuilder(long id) {
        this.id = id;
    }

    public static NodeBuilder node(long id) {
        return new NodeBuilder(id);
    }

    public NodeBuilder capacity(Resources capacity) {
        this.capacity = capacity;
        return this;
    }

    public NodeBuilder reserved(Resources reserved) {
        this.reserved = reserved;
        return this;
    }

    /** Reserves all but this much vCPU, memory and slots (disk stays free). */
    public NodeBuilder free(int vcpu, int memoryMb, int slots) {
        return reserved(capacity.minus(new Resources(vcpu, memoryMb, capacity.diskGb(), slots)));
    }

    /** Open only to these workspaces. */
    public NodeBuilder openTo(Long... workspaceIds) {
        this.openToAll = false;
        this.workspaces = Set.of(workspaceIds);
        return this;
    }

    public NodeBuilder kms(Long kmsId) {
        this.kmsId = kmsId;
        return this;
    }

    public NodeBuilder status(NodeStatus status) {
        this.status = status;
        return this;
    }

    public NodeBuilder images(NodeImage... images) {
        this.images = List.of(images);
        return this;
    }

    public NodeBuilder image(String name) {
        return images(new NodeImage(name, "0.5.4", false, null));
    }

    public Node build() {
        NodeSettings settings = new NodeSettings("http://127.0.0.1:1", null, "local", true, openToAll, kmsId, capacity,
                "d" + id);
        return new Node(id, "node-" + id, settings, workspaces, reserved,
                new NodeFacts("0.5.4", null, null, images), status, null);
    }
}
