package io.opencvm.attestation;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses a dstack event log: a JSON array of {@code {imr, event_type, digest, event, event_payload}} with
 * hex-encoded digest and payload (a {@link JsonNode} array when it is already part of parsed JSON).
 */
public final class EventLog {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EventLog() {
    }

    /** @throws EventLogFormatException naming the entry and field that is wrong */
    public static List<EventLogEntry> parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json == null ? "" : json);
        } catch (JacksonException e) {
            throw new EventLogFormatException("event log is not JSON: " + e.getOriginalMessage());
        }
        return parse(root);
    }

    public static List<EventLogEntry> parse(JsonNode root) {
        if (root == null || !root.isArray()) {
            throw new EventLogFormatException("event log must be a JSON array of events");
        }
        List<EventLogEntry> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            out.add(entry(i, root.get(i)));
        }
        return out;
    }

    private static EventLogEntry entry(int index, JsonNode e) {
        if (!e.isObject()) {
            throw new EventLogFormatException("event " + index + " is not an object");
        }
        long imr = number(index, e, "imr");
        if (imr < 0 || imr > 3) {
            throw new EventLogFormatException("event " + index + ": imr " + imr + " is not 0..3");
        }
        JsonNode name = e.get("event");
        if (name != null && !name.isNull() && !name.isString()) {
            throw new EventLogFormatException("event " + index + ": event must be a string");
        }
        return new EventLogEntry((int) imr, number(index, e, "event_type"), hex(index, e, "digest"),
                name == null || name.isNull() ? "" : name.asString(), hex(index, e, "event_payload"));
    }

    private static long number(int index, JsonNode e, String field) {
        JsonNode value = e.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw new EventLogFormatException("event " + index + ": " + field + " must be a non-negative integer");
        }
        return value.asLong();
    }

    private static byte[] hex(int index, JsonNode e, String field) {
        JsonNode value = e.get(field);
        if (value == null || value.isNull()) {
            return new byte[0];
        }
        if (!value.isString()) {
            throw new EventLogFormatException("event " + index + ": " + field + " must be a hex string");
        }
        try {
            return HexFormat.of().parseHex(value.asString());
        } catch (IllegalArgumentException ex) {
            throw new EventLogFormatException("event " + index + ": " + field + " is not hex");
        }
    }
}
