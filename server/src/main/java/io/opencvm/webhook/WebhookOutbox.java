package io.opencvm.webhook;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where features record an event: one INSERT into the outbox inside the caller's transaction, so an event
 * exists exactly when the change it reports committed (none lost on a crash, none for a rollback). Workers
 * fan it out to the workspace's endpoints and deliver it later.
 */
@Component
public class WebhookOutbox {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final OutboxStore store;
    private final Clock clock;

    WebhookOutbox(OutboxStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Records {@code type} for the workspace; events with the same {@code orderKey} (a CVM's id) reach each
     * endpoint in the order they were recorded. {@code data} becomes the envelope's {@code data}; it must
     * carry no secret.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(long workspaceId, WebhookEventType type, String orderKey, Map<String, Object> data) {
        store.insert(newEventId(), workspaceId, type.wire(), orderKey, JSON.writeValueAsString(data), clock.instant());
    }

    /** {@link #record}, unless this type was already recorded under this order key (an event that happens once). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordOnce(long workspaceId, WebhookEventType type, String orderKey, Map<String, Object> data) {
        store.insertOnce(newEventId(), workspaceId, type.wire(), orderKey, JSON.writeValueAsString(data), clock.instant());
    }

    static String newEventId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "evt_" + HexFormat.of().formatHex(bytes);
    }
}
