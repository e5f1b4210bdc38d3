package io.opencvm.vmmsim.tdx;

import io.opencvm.vmmsim.prpc.Hex;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of a TDX event log as dstack serialises it ({@code cc-eventlog} {@code TdxEvent}): IMR index from 0
 * (RTMR0..3), TCG event type, SHA-384 digest, event name (runtime events only) and payload.
 */
public record EventLogEntry(int imr, long eventType, byte[] digest, String event, byte[] payload) {

    /** {@code {"imr":…,"event_type":…,"digest":"<hex>","event":"…","event_payload":"<hex>"}}. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("imr", imr);
        json.put("event_type", eventType);
        json.put("digest", Hex.encode(digest));
        json.put("event", event);
        json.put("event_payload", Hex.encode(payload));
        return json;
    }
}
