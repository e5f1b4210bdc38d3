package io.opencvm.attestation;

import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The guest agent's {@code tcb_info} (a JSON string in {@code GuestInfo}), as the API's {@code tcb_info} shows it.
 * Measurements are lower-case hex; {@code null} when the guest did not report them.
 *
 * @param rootfsHash the digest of the {@code rootfs-hash} runtime event, when the log has one
 */
public record TcbInfo(String mrtd, String rtmr0, String rtmr1, String rtmr2, String rtmr3, String mrAggregated,
        String osImageHash, String composeHash, String deviceId, List<EventLogEntry> eventLog, String appCompose,
        String rootfsHash) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public TcbInfo {
        eventLog = List.copyOf(eventLog);
    }

    /**
     * @throws EventLogFormatException when the text is not JSON, not an object, or its event log is malformed
     */
    public static TcbInfo parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json == null ? "" : json);
        } catch (JacksonException e) {
            throw new EventLogFormatException("tcb_info is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new EventLogFormatException("tcb_info must be a JSON object");
        }
        JsonNode log = root.get("event_log");
        List<EventLogEntry> events = log == null || log.isNull() ? List.of()
                : log.isString() ? EventLog.parse(log.asString()) : EventLog.parse(log);
        String rootfs = events.stream().filter(e -> e.imr() == 3 && e.event().equals("rootfs-hash")).findFirst()
                .map(EventLogEntry::digestHex).orElse(null);
        return new TcbInfo(text(root, "mrtd"), text(root, "rtmr0"), text(root, "rtmr1"), text(root, "rtmr2"),
                text(root, "rtmr3"), text(root, "mr_aggregated"), text(root, "os_image_hash"),
                text(root, "compose_hash"), text(root, "device_id"), events, text(root, "app_compose"), rootfs);
    }

    private static String text(JsonNode root, String field) {
        JsonNode value = root.get(field);
        return value == null || value.isNull() ? null : value.isString() ? value.asString() : value.toString();
    }
}
