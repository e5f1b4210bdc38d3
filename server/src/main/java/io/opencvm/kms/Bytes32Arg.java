package io.opencvm.kms;

import java.util.HexFormat;
import org.web3j.abi.datatypes.generated.Bytes32;

/**
 * A hex string as a {@code bytes32} argument, left-aligned (zero-padded on the right) the way the
 * phala CLI prepares ids for the app contract ({@code padEnd(64, "0")} in its deploy path; its
 * replicate path sends the 64 hex digits unchanged, which this leaves unchanged too).
 */
final class Bytes32Arg {

    private Bytes32Arg() {
    }

    /** {@code hex} with or without {@code 0x}; more than 32 bytes or a non-hex digit is refused. */
    static Bytes32 of(String hex) {
        if (hex == null) {
            throw new IllegalArgumentException("bytes32 value is missing");
        }
        String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        if (digits.length() > 64 || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("not a bytes32 hex value: " + hex);
        }
        String padded = digits + "0".repeat(64 - digits.length());
        return new Bytes32(HexFormat.of().parseHex(padded));
    }
}
