package io.opencvm.attestation;

import java.util.List;

/**
 * The 584-byte TD report body of a TDX 1.0 quote, field by field in Intel's order.
 *
 * @param rtmrs RTMR0..3, 48 bytes each
 * @param reportData 64 bytes chosen by the guest; dstack's RA-TLS puts {@code sha512("ratls-cert:" ‖ SPKI)} here
 */
public record TdReport(byte[] teeTcbSvn, byte[] mrSeam, byte[] mrSignerSeam, byte[] seamAttributes,
        byte[] tdAttributes, byte[] xfam, byte[] mrTd, byte[] mrConfigId, byte[] mrOwner, byte[] mrOwnerConfig,
        List<byte[]> rtmrs, byte[] reportData) {

    public static final int SIZE = 584;

    public TdReport {
        rtmrs = List.copyOf(rtmrs);
    }

    public byte[] rtmr(int index) {
        return rtmrs.get(index).clone();
    }
}
