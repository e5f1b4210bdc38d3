package io.opencvm.node;

import java.util.Set;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** {@code PATCH /admin/nodes/{id}}: any of capacity (partial), listed, open_to_all, workspaces (slugs). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record NodeChangeRequest(CapacityBody capacity, Boolean listed, Boolean openToAll, Set<String> workspaces) {

    NodeChange toChange() {
        CapacityBody c = capacity == null ? new CapacityBody(null, null, null, null) : capacity;
        return new NodeChange(c.vcpu(), c.memoryMb(), c.diskGb(), c.slots(), listed, openToAll, workspaces);
    }
}
