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
        return of(e.errorCode(), e.getMessage(), e.details(), e.suggestions());
    }

    /** The envelope of an answer in the error shape that is not a refusal (a 465 that hands out a commit token). */
    public static Envelope of(ErrorCode code, String message, List<ErrorDetail> details, List<String> suggestions) {
        return new Envelope(new ErrorBody(code.code(), message, details, suggestions, List.of()));
    }
}
