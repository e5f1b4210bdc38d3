package io.opencvm.attestation;

/** The text is not a dstack event log; the message names the entry and the field. */
public final class EventLogFormatException extends IllegalArgumentException {

    public EventLogFormatException(String message) {
        super(message);
    }
}
