package io.opencvm.app;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import io.opencvm.api.InputError;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An app id: 40 hex characters (an app contract's address under an on-chain KMS). Clients send it as
 * {@code app_<hex>}, {@code 0x<hex>} or bare hex, in any case; it is kept as 40 lower-case hex characters
 * without a prefix, which is how it is stored, sent to nodes and shown.
 */
public record AppId(String hex) {

    private static final Pattern HEX40 = Pattern.compile("[0-9a-f]{40}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public AppId {
        if (!HEX40.matcher(hex).matches()) {
            throw new IllegalArgumentException("an app id is 40 lower-case hex characters");
        }
    }

    /** Any form a client sends, or empty when it is not one. */
    public static Optional<AppId> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String value = raw.trim().toLowerCase(Locale.ROOT);
        value = value.startsWith("app_") ? value.substring(4) : value.startsWith("0x") ? value.substring(2) : value;
        return HEX40.matcher(value).matches() ? Optional.of(new AppId(value)) : Optional.empty();
    }

    /** The app id of body field {@code field}, or 400 ERR-02-008 saying what it should be. */
    public static AppId require(String field, String raw) {
        return parse(raw).orElseThrow(() -> new ApiException(ErrorCode.INVALID_REQUEST, "Invalid " + field
                + ": expected 40 hex characters, optionally prefixed with app_ or 0x",
                List.of(ErrorDetail.field(field, raw))));
    }

    /** The app id of path parameter {@code param}, or 422 {@code value_error}. */
    public static AppId inPath(String param, String raw) {
        return parse(raw).orElseThrow(() -> InputError.VALUE_ERROR.problem(List.of("path", param), raw,
                param + " must be 40 hex characters, optionally prefixed with app_ or 0x"));
    }

    /** A fresh random app id (20 random bytes). */
    public static AppId random() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        return new AppId(HexFormat.of().formatHex(bytes));
    }

    /** As an EVM address: {@code 0x} + the hex. */
    public String address() {
        return "0x" + hex;
    }

    @Override
    public String toString() {
        return hex;
    }
}
