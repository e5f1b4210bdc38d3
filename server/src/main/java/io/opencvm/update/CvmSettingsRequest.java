package io.opencvm.update;

import io.opencvm.api.JsonBody;
import io.opencvm.cvm.Cvm;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.JsonNode;

/**
 * The bodies of the routes that change a CVM's own fields rather than what it runs: {@code PATCH /cvms/{id}/name}
 * ({@code {name}}), {@code /listed} ({@code {listed}}) and {@code /scheduled-delete} ({@code {scheduled_delete_at}},
 * an ISO 8601 date-time with its offset, or null to clear it). Shape problems are FastAPI 422s.
 */
final class CvmSettingsRequest {

    private CvmSettingsRequest() {
    }

    static String name(JsonNode json) {
        JsonBody body = JsonBody.required(json);
        String name = body.text("name", body.requiredString("name"), Cvm.NAME_MIN, Cvm.NAME_MAX, Cvm.NAME);
        body.throwIfAny();
        return name;
    }

    static boolean listed(JsonNode json) {
        JsonBody body = JsonBody.required(json);
        JsonNode raw = json.get("listed");
        Boolean listed = raw == null || raw.isNull() ? body.required("listed", null) : body.bool("listed");
        body.throwIfAny();
        return listed;
    }

    /** The time asked for, or null to clear it. */
    static Instant scheduledDeleteAt(JsonNode json) {
        JsonBody body = JsonBody.optional(json);
        String text = body.string("scheduled_delete_at");
        Instant at = text == null ? null : parse(text);
        body.check("scheduled_delete_at", text, text == null || at != null,
                "a date-time with its offset, such as 2026-12-31T23:00:00Z");
        body.throwIfAny();
        return at;
    }

    private static Instant parse(String text) {
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
