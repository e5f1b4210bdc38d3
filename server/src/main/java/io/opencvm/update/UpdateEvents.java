package io.opencvm.update;

import io.opencvm.cvm.Cvm;
import io.opencvm.kms.OnchainStatus;
import io.opencvm.webhook.WebhookEventType;
import io.opencvm.webhook.WebhookOutbox;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Records {@code cvm.update.pending_approval} when an update is prepared (answered 465), in the transaction that
 * stores its commit token, ordered with the CVM's other events. Never the token or the env.
 */
@Component
class UpdateEvents {

    private final WebhookOutbox outbox;

    UpdateEvents(WebhookOutbox outbox) {
        this.outbox = outbox;
    }

    void pendingApproval(Cvm cvm, String composeHash, OnchainStatus status, boolean prepareOnly, Instant tokenExpiresAt) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", cvm.publicId());
        data.put("vm_uuid", cvm.vmUuid());
        data.put("name", cvm.name());
        data.put("app_id", cvm.appId());
        data.put("current_compose_hash", cvm.composeHash());
        data.put("compose_hash", composeHash);
        data.put("node_id", cvm.nodeId());
        data.put("prepare_only", prepareOnly);
        data.put("onchain_status", Map.of("compose_hash_allowed", status.composeHashAllowed(),
                "device_id_allowed", status.deviceIdAllowed(), "is_allowed", status.isAllowed()));
        data.put("commit_token_expires_at", tokenExpiresAt.toString());
        outbox.record(cvm.workspaceId(), WebhookEventType.CVM_UPDATE_PENDING_APPROVAL, cvm.vmUuid(), data);
    }
}
