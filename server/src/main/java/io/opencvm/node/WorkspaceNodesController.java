package io.opencvm.node;

import io.opencvm.account.Caller;
import io.opencvm.api.Page;
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
    Page<NodeRef> list(Caller caller, @PathVariable String slug, @RequestParam(defaultValue = "1") int page,
                     @RequestParam(name = "page_size", defaultValue = "30") int pageSize) {
        return Page.of(nodes.openToWorkspace(caller, slug), page, pageSize, NodeRef::of);
    }
}
