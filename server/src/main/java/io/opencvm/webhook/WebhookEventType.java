package io.opencvm.webhook;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The events an endpoint may subscribe to, by their wire names; {@code webhook.test} only ever comes from a test. */
public enum WebhookEventType {
    CVM_CREATED("cvm.created"),
    CVM_STARTED("cvm.started"),
    CVM_CREATE_FAILED("cvm.create_failed"),
    CVM_RESTARTED("cvm.restarted"),
    CVM_UPDATED("cvm.updated"),
    CVM_STOPPED("cvm.stopped"),
    CVM_DELETED("cvm.deleted"),
    CVM_UPDATE_PENDING_APPROVAL("cvm.update.pending_approval"),
    CVM_REPLICA_PENDING_APPROVAL("cvm.replica.pending_approval"),
    WEBHOOK_TEST("webhook.test");

    private final String wire;

    WebhookEventType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<WebhookEventType> parse(String value) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(value)).findFirst();
    }

    /** The names an endpoint may subscribe to: every one but the test event. */
    public static List<String> subscribable() {
        return Arrays.stream(values()).filter(t -> t != WEBHOOK_TEST).map(WebhookEventType::wire).toList();
    }
}
