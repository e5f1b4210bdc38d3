package io.opencvm.node;

import io.opencvm.api.InputError;
import io.opencvm.api.JsonBody;
import java.util.Optional;

/**
 * The node a request body names: {@code node_id}, or the deprecated {@code teepod_id} it replaces (the SDK
 * still sends that one). Both naming different nodes is a 422. Clients turn a node's name into its id
 * themselves (the CLI looks it up in {@code GET /teepods/available}), so only ids arrive here.
 */
public record NodeRef(long id) {

    /** The node the body names, if any; its problems are recorded on {@code body}. */
    public static Optional<NodeRef> in(JsonBody body) {
        Long nodeId = body.integer("node_id");
        Long teepodId = body.integer("teepod_id");
        if (nodeId != null && teepodId != null && !nodeId.equals(teepodId)) {
            body.add(null, InputError.VALUE_ERROR, null, "Value error, node_id and teepod_id name different nodes");
        }
        Long id = nodeId != null ? nodeId : teepodId;
        return id == null ? Optional.empty() : Optional.of(new NodeRef(id));
    }
}
