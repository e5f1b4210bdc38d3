package io.opencvm.api;

import java.io.IOException;
import java.util.List;

/** Thrown while a request body is read, at the first byte past the configured limit ({@link BodySizeLimit}). */
final class BodyTooLarge extends IOException {

    private final long limit;

    BodyTooLarge(long limit) {
        super("Request body larger than " + limit + " bytes");
        this.limit = limit;
    }

    long limit() {
        return limit;
    }

    /** The refusal a client sees: 413 ERR-00-007. */
    static ApiException refusal(long limit) {
        return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "Request body larger than the limit of " + limit + " bytes",
                List.of(ErrorDetail.note("limit " + limit + " bytes")));
    }
}
