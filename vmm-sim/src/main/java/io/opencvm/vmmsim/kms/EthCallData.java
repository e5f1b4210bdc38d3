package io.opencvm.vmmsim.kms;

import io.opencvm.vmmsim.crypto.Keccak256;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/** ABI call data for views with static arguments only: a 4-byte selector followed by 32-byte words. */
final class EthCallData {

    private static final HexFormat HEX = HexFormat.of();

    private EthCallData() {
    }

    /** {@code 0x} and the first four bytes of Keccak-256 of a canonical signature such as {@code owner()}. */
    static String selector(String signature) {
        byte[] hash = Keccak256.hash(signature.getBytes(StandardCharsets.US_ASCII));
        return "0x" + HEX.formatHex(Arrays.copyOf(hash, 4));
    }

    /** {@code selector} (with {@code 0x}) followed by each word, as one {@code 0x} hex string. */
    static String encode(String selector, byte[]... words) {
        StringBuilder data = new StringBuilder(selector);
        for (byte[] word : words) {
            if (word.length != 32) {
                throw new IllegalArgumentException("an ABI word is 32 bytes, not " + word.length);
            }
            data.append(HEX.formatHex(word));
        }
        return data.toString();
    }

    /**
     * A hex value (with or without {@code 0x}) as a {@code bytes32} word, LEFT-aligned: zeros are added on the
     * right, as the phala CLI's deploy path and the server's {@code Bytes32Arg} do; 64 digits pass unchanged.
     */
    static byte[] bytes32(String hex) {
        if (hex == null) {
            throw new IllegalArgumentException("bytes32 value is missing");
        }
        String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        if (digits.length() > 64 || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("not a bytes32 hex value: " + hex);
        }
        return HEX.parseHex(digits + "0".repeat(64 - digits.length()));
    }
}
