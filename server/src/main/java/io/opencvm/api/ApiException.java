package io.opencvm.api;

import java.util.List;

/**
 * A business error: domain code throws it with an {@link ErrorCode}; {@link ApiExceptionHandler}
 * renders it as the structured Phala Cloud envelope. Nothing ever matches on the message.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode errorCode;
    private final transient List<ErrorDetail> details;
    private final List<String> suggestions;

    public ApiException(ErrorCode errorCode, String message) {
        this(errorCode, message, List.of(), List.of());
    }

    public ApiException(ErrorCode errorCode, String message, List<ErrorDetail> details) {
        this(errorCode, message, details, List.of());
    }

    public ApiException(ErrorCode errorCode, String message, List<ErrorDetail> details, List<String> suggestions) {
        super(message);
        this.errorCode = errorCode;
        this.details = List.copyOf(details);
        this.suggestions = List.copyOf(suggestions);
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public List<ErrorDetail> details() {
        return details;
    }

    public List<String> suggestions() {
        return suggestions;
    }
}
