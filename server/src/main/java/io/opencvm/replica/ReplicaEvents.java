package io.opencvm.replica;

import io.opencvm.kms.OnchainStatus;
import io.opencvm.webhook.WebhookEventType;
import io.opencvm.webhook.WebhookOutbox;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Records {@code cvm.replica.pending_approval} when a replica is prepared (answered 465), in the transaction
 * that stores its commit token, ordered with the source CVM's other events. Never the token itself.
 */
@Component
class ReplicaEvents {

    private final WebhookOutbox outbox;

    ReplicaEvents(WebhookOutbox outbox) {
        this.outbox = outbox;
    }

    void pendingApproval(ReplicaPlan plan, OnchainStatus status, boolean prepareOnly, Instant tokenExpiresAt) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("source_id", plan.source().publicId());
        data.put("source_vm_uuid", plan.source().vmUuid());
        data.put("name", plan.source().name());
        data.put("app_id", plan.source().appId());
        data.put("compose_hash", plan.composeHash());
        data.put("target_node_id", plan.target().id());
        data.put("prepare_only", prepareOnly);
        data.put("onchain_status", Map.of("compose_hash_allowed", status.composeHashAllowed(),
                "device_id_allowed", status.deviceIdAllowed(), "is_allowed", status.isAllowed()));
        data.put("commit_token_expires_at", tokenExpiresAt.toString());
        outbox.record(plan.source().workspaceId(), WebhookEventType.CVM_REPLICA_PENDING_APPROVAL, plan.source().vmUuid(),
                data);
    }
}
