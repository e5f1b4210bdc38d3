package io.opencvm.vmmsim;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Offsets of an Intel TDX quote v4, read independently of the simulator's writer (test oracle). */
record QuoteLayout(byte[] quote) {

    static final int HEADER = 48;
    static final int BODY = 584;

    int version() {
        return le16(0);
    }

    int attestationKeyType() {
        return le16(2);
    }

    long teeType() {
        return ByteBuffer.wrap(quote, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
    }

    byte[] qeVendorId() {
        return Arrays.copyOfRange(quote, 12, 28);
    }

    byte[] signedRegion() {
        return Arrays.copyOfRange(quote, 0, HEADER + BODY);
    }

    byte[] mrtd() {
        return body(16 + 48 + 48 + 8 + 8 + 8, 48);
    }

    byte[] rtmr(int i) {
        return body(16 + 48 + 48 + 8 + 8 + 8 + 48 * 4 + 48 * i, 48);
    }

    byte[] reportData() {
        return body(520, 64);
    }

    int signatureDataLength() {
        return ByteBuffer.wrap(quote, HEADER + BODY, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    byte[] signature() {
        return range(HEADER + BODY + 4, 64);
    }

    byte[] attestationKey() {
        return range(HEADER + BODY + 4 + 64, 64);
    }

    int certificationDataType() {
        return le16(HEADER + BODY + 4 + 128);
    }

    private int qeStart() {
        return HEADER + BODY + 4 + 128 + 2 + 4;
    }

    byte[] qeReport() {
        return range(qeStart(), 384);
    }

    byte[] qeReportSignature() {
        return range(qeStart() + 384, 64);
    }

    byte[] qeAuthData() {
        return range(qeStart() + 384 + 64 + 2, le16(qeStart() + 384 + 64));
    }

    private int innerStart() {
        return qeStart() + 384 + 64 + 2 + qeAuthData().length;
    }

    int innerCertificationDataType() {
        return le16(innerStart());
    }

    String pckChain() {
        int size = ByteBuffer.wrap(quote, innerStart() + 2, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        return new String(quote, innerStart() + 6, size, StandardCharsets.US_ASCII);
    }

    private byte[] body(int offset, int length) {
        return range(HEADER + offset, length);
    }

    private byte[] range(int offset, int length) {
        return Arrays.copyOfRange(quote, offset, offset + length);
    }

    private int le16(int offset) {
        return (quote[offset] & 0xff) | (quote[offset + 1] & 0xff) << 8;
    }
}
