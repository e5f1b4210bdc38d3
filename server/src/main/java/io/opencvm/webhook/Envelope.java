package io.opencvm.webhook;

import java.time.Instant;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of every webhook request, as the SDK's {@code WebhookEvent} reads it:
 * {@code {id, event, version, created_at, workspace: {id, name}, data}}. Built once per delivery, so every
 * attempt sends the same bytes.
 */
final class Envelope {

    static final String VERSION = "1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Envelope() {
    }

    static String of(String eventId, String eventType, Instant createdAt, String workspaceId, String workspaceName,
                     String dataJson) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", eventId);
        root.put("event", eventType);
        root.put("version", VERSION);
        root.put("created_at", createdAt.toString());
        ObjectNode workspace = root.putObject("workspace");
        workspace.put("id", workspaceId);
        workspace.put("name", workspaceName);
        root.set("data", JSON.readTree(dataJson));
        return JSON.writeValueAsString(root);
    }

    /** The same envelope under another id (a resend is a new event that points at the original). */
    static String withId(String body, String eventId) {
        ObjectNode root = (ObjectNode) JSON.readTree(body);
        root.put("id", eventId);
        return JSON.writeValueAsString(root);
    }
}
