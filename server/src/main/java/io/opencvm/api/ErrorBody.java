package io.opencvm.api;

import java.util.List;

/** The structured business error, always sent as {@code {"detail": ErrorBody}}. */
public record ErrorBody(String error_code, String message, List<ErrorDetail> details,
                        List<String> suggestions, List<Link> links) {

    public record Link(String label, String url) {
    }

    public record Envelope(ErrorBody detail) {
    }

    /** The envelope the error handler renders for {@code e}; public so a refusal can be recorded and replayed. */
    public static Envelope of(ApiException e) {
        return new Envelope(new ErrorBody(e.errorCode().code(), e.getMessage(), e.details(), e.suggestions(), List.of()));
    }
}
