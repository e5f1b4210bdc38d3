package io.opencvm.node;

import io.opencvm.account.Caller;
import io.opencvm.api.Page;
import io.opencvm.api.PageRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /workspaces/{slug}/nodes} (CLI {@code nodes list}). */
@RestController
class WorkspaceNodesController {

    private final NodeService nodes;

    WorkspaceNodesController(NodeService nodes) {
        this.nodes = nodes;
    }

    @GetMapping("/api/v1/workspaces/{slug}/nodes")
    Page<NodeSummary> list(Caller caller, @PathVariable String slug,
                           @RequestParam(required = false) Integer page,
                           @RequestParam(name = "page_size", required = false) Integer pageSize) {
        return Page.of(nodes.openToWorkspace(caller, slug), PageRequest.of(page, pageSize, 30), NodeSummary::of);
    }
}
