package io.opencvm.webhook;

import java.time.Instant;
import java.util.List;

/** One endpoint of a workspace. {@code sealedSecret} is the sealed {@code whsec_} secret ({@link SecretBox}). */
record Webhook(long pk, String publicId, long workspaceId, String url, String name, List<String> events,
               String sealedSecret, boolean enabled, Instant createdAt, Instant updatedAt) {

    boolean subscribedTo(String eventType) {
        return events.contains(eventType);
    }

    @Override
    public String toString() {
        return "Webhook[" + publicId + " " + url + "]"; // never the sealed secret
    }
}
