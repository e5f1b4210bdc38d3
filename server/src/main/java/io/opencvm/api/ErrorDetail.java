package io.opencvm.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One entry of {@code details[]} in the structured error envelope: {@code {field, value}} or {@code {message}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorDetail(String field, Object value, String message) {

    public static ErrorDetail field(String field, Object value) {
        return new ErrorDetail(field, value, null);
    }

    public static ErrorDetail note(String message) {
        return new ErrorDetail(null, null, message);
    }
}
