package io.opencvm.attestation;

import java.util.Arrays;

/** Reads a quote front to back, little-endian, failing with a message that names the part that is missing. */
final class ByteCursor {

    private final byte[] bytes;
    private int at;

    ByteCursor(byte[] bytes) {
        this.bytes = bytes;
    }

    byte[] take(int length, String what) {
        need(length, what);
        byte[] out = Arrays.copyOfRange(bytes, at, at + length);
        at += length;
        return out;
    }

    int u16(String what) {
        need(2, what);
        int value = (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8;
        at += 2;
        return value;
    }

    long u32(String what) {
        need(4, what);
        long value = (bytes[at] & 0xffL) | (bytes[at + 1] & 0xffL) << 8 | (bytes[at + 2] & 0xffL) << 16
                | (bytes[at + 3] & 0xffL) << 24;
        at += 4;
        return value;
    }

    int position() {
        return at;
    }

    int remaining() {
        return bytes.length - at;
    }

    private void need(int length, String what) {
        if (length < 0 || length > bytes.length - at) {
            throw new QuoteFormatException("quote is truncated: " + what + " needs " + length + " bytes at offset "
                    + at + ", only " + (bytes.length - at) + " left");
        }
    }
}
