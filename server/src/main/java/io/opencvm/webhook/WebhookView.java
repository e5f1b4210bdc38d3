package io.opencvm.webhook;

import java.util.List;

/** {@code WebhookResponse}: {@code secret} is shown once, in the answer to the create; null everywhere else. */
record WebhookView(String id, String url, String secret, List<String> events, String name, boolean enabled,
                   String created_at, String updated_at) {

    static WebhookView of(Webhook w, String secret) {
        return new WebhookView(w.publicId(), w.url(), secret, w.events(), w.name(), w.enabled(),
                w.createdAt().toString(), w.updatedAt().toString());
    }

    @Override
    public String toString() {
        return "WebhookView[" + id + " " + url + "]"; // never the secret
    }
}
