package io.opencvm.webhook;

import java.time.Instant;

/** An event as the outbox holds it until it is fanned out to the workspace's endpoints; {@code data} is JSON. */
record OutboxEvent(long pk, String publicId, long workspaceId, String eventType, String orderKey, String data,
                   Instant createdAt) {
}
