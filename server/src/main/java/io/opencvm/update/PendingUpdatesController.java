package io.opencvm.update;

import io.opencvm.account.Caller;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** An app's updates waiting for on-chain approval, and the preview of one. */
@RestController
@RequestMapping("/api/v1/apps/{appId}/pending-updates")
class PendingUpdatesController {

    private final PendingUpdates pending;

    PendingUpdatesController(PendingUpdates pending) {
        this.pending = pending;
    }

    @GetMapping
    Map<String, Object> list(Caller caller, @PathVariable String appId) {
        return Map.of("items", pending.of(caller, appId).stream().map(i -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("vm_uuid", i.cvm().vmUuid());
            m.put("compose_hash", i.composeHash());
            m.put("on_chain", i.onChain());
            m.put("instance_name", i.cvm().name());
            return m;
        }).toList());
    }

    @GetMapping("/{vmUuid}/{composeHash}/preview")
    Map<String, Object> preview(Caller caller, @PathVariable String appId, @PathVariable String vmUuid,
                                @PathVariable String composeHash) {
        PendingUpdates.Preview p = pending.preview(caller, appId, vmUuid, composeHash);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("current_docker_compose", p.currentDockerCompose());
        m.put("pending_docker_compose", p.pendingDockerCompose());
        m.put("current_pre_launch_script", p.currentPreLaunchScript());
        m.put("pending_pre_launch_script", p.pendingPreLaunchScript());
        return m;
    }
}
