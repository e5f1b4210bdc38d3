package io.opencvm.webhook;

import java.util.List;

/** What a {@code PUT} changes; a null component stays as it is. */
record WebhookChange(String url, List<String> events, String name, Boolean enabled) {
}
