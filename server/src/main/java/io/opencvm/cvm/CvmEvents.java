package io.opencvm.cvm;

import io.opencvm.webhook.WebhookEventType;
import io.opencvm.webhook.WebhookOutbox;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Records the webhook events of CVM changes in the outbox, inside the transaction that makes the change
 * (one INSERT). Events of one CVM share its {@code vm_uuid} as their order key. The data names the CVM and
 * its move; never its env.
 */
@Component
class CvmEvents {

    private final WebhookOutbox outbox;

    CvmEvents(WebhookOutbox outbox) {
        this.outbox = outbox;
    }

    void created(Cvm cvm) {
        record(WebhookEventType.CVM_CREATED, cvm, null);
    }

    void moved(Cvm cvm, CvmStatus from, CvmStatus to, OperationView latest) {
        CvmEventRule.eventFor(from, to, latest == null ? null : latest.kind())
                .ifPresent(type -> record(type, cvm, from));
    }

    private void record(WebhookEventType type, Cvm cvm, CvmStatus from) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", cvm.publicId());
        data.put("vm_uuid", cvm.vmUuid());
        data.put("name", cvm.name());
        data.put("app_id", cvm.appId());
        data.put("status", cvm.status().wire());
        data.put("previous_status", from == null ? null : from.wire());
        data.put("compose_hash", cvm.composeHash());
        data.put("node_id", cvm.nodeId());
        data.put("instance_id", cvm.instanceId());
        data.put("error", cvm.state().observed().hasBootError() ? cvm.state().observed().bootError() : null);
        if (type == WebhookEventType.CVM_CREATE_FAILED) {
            // a boot that keeps failing flaps failed -> starting -> failed while the node retries it: report it once
            outbox.recordOnce(cvm.workspaceId(), type, cvm.vmUuid(), data);
        } else {
            outbox.record(cvm.workspaceId(), type, cvm.vmUuid(), data);
        }
    }
}
