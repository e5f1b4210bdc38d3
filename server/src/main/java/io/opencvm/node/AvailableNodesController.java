package io.opencvm.node;

import io.opencvm.account.Caller;
import io.opencvm.kms.KmsService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /teepods/available} (SDK {@code getAvailableNodes}, CLI {@code cvms list-nodes}). */
@RestController
class AvailableNodesController {

    private final NodeService nodes;
    private final KmsService kms;

    AvailableNodesController(NodeService nodes, KmsService kms) {
        this.nodes = nodes;
        this.kms = kms;
    }

    @GetMapping("/api/v1/teepods/available")
    AvailableNodesResponse available(Caller caller) {
        return AvailableNodesResponse.of(nodes.workspaceTier(caller.workspaceId()),
                nodes.usableBy(caller.workspaceId()), kms.all());
    }
}
