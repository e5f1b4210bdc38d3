package io.opencvm.cvm;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code encrypted_env} a client sends: hex of {@code ephemeral key (32) ‖ IV (12) ‖ ciphertext ‖ tag (16)}.
 * The control plane never decrypts it, but refuses what cannot be such a blob.
 */
public final class EncryptedEnv {

    /** Ephemeral public key, IV and GCM tag: the smallest blob that can hold anything. */
    public static final int MIN_BYTES = 60;
    private static final Pattern HEX = Pattern.compile("^[0-9a-fA-F]*$");

    private EncryptedEnv() {
    }

    /** Lower-case hex without {@code 0x}, or 400 ERR-02-008 saying what is wrong. */
    public static String parse(String raw) {
        String plain = raw.startsWith("0x") || raw.startsWith("0X") ? raw.substring(2) : raw;
        String why = null;
        if (!HEX.matcher(plain).matches()) {
            why = "encrypted_env is not hex";
        } else if (plain.length() % 2 != 0) {
            why = "encrypted_env has an odd number of hex digits";
        } else if (plain.length() / 2 < MIN_BYTES) {
            why = "encrypted_env is " + plain.length() / 2
                    + " bytes; it must hold a 32-byte key, a 12-byte IV and a 16-byte tag";
        }
        if (why != null) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "Invalid encrypted_env: " + why,
                    List.of(ErrorDetail.field("encrypted_env", "<" + plain.length() + " characters>"), ErrorDetail.note(why)));
        }
        return plain.toLowerCase(Locale.ROOT);
    }
}
