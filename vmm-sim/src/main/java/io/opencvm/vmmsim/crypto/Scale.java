package io.opencvm.vmmsim.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The subset of Parity's SCALE codec that dstack's certificate signing request uses: compact lengths, byte
 * vectors, strings, booleans and {@code Option}. A malformed input throws {@link IllegalArgumentException}.
 */
public final class Scale {

    private Scale() {
    }

    /** Appends SCALE values. */
    public static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Writer compact(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("negative compact " + value);
            } else if (value < 1 << 6) {
                out.write((int) (value << 2));
            } else if (value < 1 << 14) {
                int v = (int) (value << 2) | 1;
                out.write(v & 0xff);
                out.write(v >>> 8);
            } else if (value < 1L << 30) {
                long v = (value << 2) | 2;
                for (int i = 0; i < 4; i++) {
                    out.write((int) (v >>> (8 * i)) & 0xff);
                }
            } else {
                byte[] le = new byte[8];
                int n = 0;
                for (long v = value; v != 0; v >>>= 8) {
                    le[n++] = (byte) v;
                }
                out.write(((n - 4) << 2) | 3);
                out.write(le, 0, n);
            }
            return this;
        }

        public Writer bytes(byte[] value) {
            compact(value.length);
            out.writeBytes(value);
            return this;
        }

        public Writer string(String value) {
            return bytes(value.getBytes(StandardCharsets.UTF_8));
        }

        public Writer bool(boolean value) {
            out.write(value ? 1 : 0);
            return this;
        }

        public Writer strings(List<String> values) {
            compact(values.size());
            values.forEach(this::string);
            return this;
        }

        public Writer optionalString(String value) {
            if (value == null) {
                out.write(0);
                return this;
            }
            out.write(1);
            return string(value);
        }

        public byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    /** Reads SCALE values in order. */
    public static final class Reader {
        private final byte[] in;
        private int at;

        public Reader(byte[] in) {
            this.in = in;
        }

        public long compact() {
            int first = u8();
            switch (first & 3) {
                case 0:
                    return first >>> 2;
                case 1:
                    return ((first | (u8() << 8)) >>> 2);
                case 2:
                    long v = first | ((long) u8() << 8) | ((long) u8() << 16) | ((long) u8() << 24);
                    return v >>> 2;
                default:
                    int n = (first >>> 2) + 4;
                    if (n > 8) {
                        throw new IllegalArgumentException("compact integer too large");
                    }
                    long big = 0;
                    for (int i = 0; i < n; i++) {
                        big |= (long) u8() << (8 * i);
                    }
                    return big;
            }
        }

        public byte[] bytes() {
            long length = compact();
            if (length > in.length - at) {
                throw new IllegalArgumentException("length " + length + " runs past the end of the input");
            }
            byte[] out = Arrays.copyOfRange(in, at, at + (int) length);
            at += (int) length;
            return out;
        }

        public String string() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        public boolean bool() {
            int b = u8();
            if (b > 1) {
                throw new IllegalArgumentException("invalid bool byte " + b);
            }
            return b == 1;
        }

        public List<String> strings() {
            long count = compact();
            if (count > in.length - at) {
                throw new IllegalArgumentException("count " + count + " runs past the end of the input");
            }
            List<String> out = new ArrayList<>();
            for (long i = 0; i < count; i++) {
                out.add(string());
            }
            return out;
        }

        public String optionalString() {
            int tag = u8();
            if (tag > 1) {
                throw new IllegalArgumentException("invalid Option tag " + tag);
            }
            return tag == 1 ? string() : null;
        }

        public boolean atEnd() {
            return at == in.length;
        }

        private int u8() {
            if (at >= in.length) {
                throw new IllegalArgumentException("unexpected end of input");
            }
            return in[at++] & 0xff;
        }
    }
}
