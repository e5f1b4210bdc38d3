package io.opencvm.attestation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Replays an event log into RTMR0..3 as a TD extends them: {@code rtmr = sha384(rtmr ‖ digest)} from 48 zero
 * bytes. A dstack runtime event's digest is recomputed from its name and payload, {@code sha384(event_type as
 * u32 LE ‖ ":" ‖ name ‖ ":" ‖ payload)} (event log version 1), and that is what is replayed, as dstack does; an
 * event whose stated digest differs from the recomputed one is reported as the one that breaks the log.
 *
 * @param rtmrs the four replayed registers
 * @param inconsistent events whose stated digest is not their payload's, in log order
 */
public record RtmrReplay(List<byte[]> rtmrs, List<Inconsistency> inconsistent) {

    /** {@code DSTACK_RUNTIME_EVENT_TYPE}. */
    public static final long RUNTIME_EVENT_TYPE = 0x08000001L;

    public RtmrReplay {
        rtmrs = List.copyOf(rtmrs);
        inconsistent = List.copyOf(inconsistent);
    }

    /** A runtime event whose stated digest does not match its name and payload. */
    public record Inconsistency(int index, int imr, String event, byte[] statedDigest, byte[] computedDigest) {
    }

    public static RtmrReplay of(List<EventLogEntry> log) {
        byte[][] registers = new byte[4][48];
        List<Inconsistency> inconsistent = new ArrayList<>();
        for (int i = 0; i < log.size(); i++) {
            EventLogEntry e = log.get(i);
            byte[] digest = e.digest();
            if (e.isRuntimeEvent()) {
                digest = runtimeDigest(e.event(), e.eventPayload());
                if (!Arrays.equals(digest, e.digest())) {
                    inconsistent.add(new Inconsistency(i, e.imr(), e.event(), e.digest(), digest));
                }
            }
            registers[e.imr()] = sha384(registers[e.imr()], digest);
        }
        return new RtmrReplay(Arrays.asList(registers), inconsistent);
    }

    public byte[] rtmr(int index) {
        return rtmrs.get(index).clone();
    }

    /** dstack's version-1 runtime event digest. */
    public static byte[] runtimeDigest(String name, byte[] payload) {
        byte[] type = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) RUNTIME_EVENT_TYPE).array();
        return sha384(type, ":".getBytes(StandardCharsets.US_ASCII), name.getBytes(StandardCharsets.UTF_8),
                ":".getBytes(StandardCharsets.US_ASCII), payload);
    }

    private static byte[] sha384(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-384");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
