package io.opencvm.app;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A compose hash: the SHA-256 of an app-compose.json, 64 hex characters. Clients send it with or without
 * {@code 0x}, in any case; it is kept as 64 lower-case hex characters without a prefix.
 */
public record ComposeHash(String hex) {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public ComposeHash {
        if (!HEX64.matcher(hex).matches()) {
            throw new IllegalArgumentException("a compose hash is 64 lower-case hex characters");
        }
    }

    /** Any form a client sends, or empty when it is not one. */
    public static Optional<ComposeHash> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String value = raw.trim().toLowerCase(Locale.ROOT);
        value = value.startsWith("0x") ? value.substring(2) : value;
        return HEX64.matcher(value).matches() ? Optional.of(new ComposeHash(value)) : Optional.empty();
    }

    /** The compose hash of body field {@code field}, or 400 ERR-02-008 saying what it should be. */
    public static ComposeHash require(String field, String raw) {
        return parse(raw).orElseThrow(() -> new ApiException(ErrorCode.INVALID_REQUEST, "Invalid " + field
                + ": expected 64 hex characters, optionally prefixed with 0x", List.of(ErrorDetail.field(field, raw))));
    }

    @Override
    public String toString() {
        return hex;
    }
}
