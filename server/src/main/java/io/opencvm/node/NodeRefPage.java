package io.opencvm.node;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.opencvm.api.ValidationProblem;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** {@code GET /workspaces/{slug}/nodes}: a page of {@code NodeRef}s. */
record NodeRefPage(List<NodeRef> items, long total, int page, @JsonProperty("page_size") int pageSize, int pages) {

    static final int MAX_PAGE_SIZE = 100;

    /** One page of {@code nodes}; 422 for a page below 1 or a page size outside 1..100. */
    static NodeRefPage of(List<Node> nodes, int page, int pageSize) {
        if (page < 1) {
            throw ValidationProblem.of(List.of("query", "page"), "Input should be greater than or equal to 1",
                    "greater_than_equal", page);
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw ValidationProblem.of(List.of("query", "page_size"), "Input should be between 1 and " + MAX_PAGE_SIZE,
                    "value_error", pageSize);
        }
        int from = (int) Math.min((long) (page - 1) * pageSize, nodes.size());
        int to = Math.min(from + pageSize, nodes.size());
        int pages = (nodes.size() + pageSize - 1) / pageSize;
        return new NodeRefPage(nodes.subList(from, to).stream().map(NodeRef::of).toList(), nodes.size(), page,
                pageSize, pages);
    }

    /** {@code NodeRef}: status is {@code online} or {@code offline} (a node not probed yet counts as offline). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record NodeRef(String objectType, long id, String name, String region, String deviceId, String ppid,
                   String status, String version) {

        static NodeRef of(Node n) {
            return new NodeRef("node", n.id(), n.name(), n.region(), n.deviceId(), n.ppid(),
                    n.status() == NodeStatus.ONLINE ? "online" : "offline", n.version());
        }
    }
}
