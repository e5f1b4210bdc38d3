package io.opencvm.attestation;

import java.util.HexFormat;

/**
 * One event of a dstack TDX event log ({@code cc-eventlog} {@code TdxEvent}), as {@code tcb_info.event_log} and the
 * RA-TLS event-log extension carry it.
 *
 * @param imr 0..3, i.e. RTMR0..3
 * @param eventType a TCG event type, or {@link RtmrReplay#RUNTIME_EVENT_TYPE} for dstack's runtime events
 * @param digest the SHA-384 digest as stated in the log
 * @param event the runtime event's name ({@code app-id}, {@code compose-hash}, …), empty for boot events
 */
public record EventLogEntry(int imr, long eventType, byte[] digest, String event, byte[] eventPayload) {

    public String digestHex() {
        return HexFormat.of().formatHex(digest);
    }

    public String eventPayloadHex() {
        return HexFormat.of().formatHex(eventPayload);
    }

    public boolean isRuntimeEvent() {
        return eventType == RtmrReplay.RUNTIME_EVENT_TYPE;
    }
}
