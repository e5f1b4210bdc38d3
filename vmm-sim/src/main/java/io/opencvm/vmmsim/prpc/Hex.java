package io.opencvm.vmmsim.prpc;

import java.util.HexFormat;
import java.util.Locale;

/** pRPC's bytes encoding: lower-case hex out, hex with an optional {@code 0x} in. */
public final class Hex {

    private static final HexFormat HEX = HexFormat.of();

    private Hex() {
    }

    public static String encode(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    public static byte[] decode(String text) {
        String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        if (digits.length() % 2 != 0) {
            throw new RpcError("Odd number of digits");
        }
        try {
            return HEX.parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new RpcError("Invalid character in hex string");
        }
    }

    /** Lower-case hex without {@code 0x}, the form ids and hashes are compared in. */
    public static String normalize(String text) {
        String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        return digits.toLowerCase(Locale.ROOT);
    }
}
