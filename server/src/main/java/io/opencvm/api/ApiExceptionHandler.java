package io.opencvm.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

/** Renders every error the API can produce; the only place that turns exceptions into HTTP. */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ErrorBody.Envelope> business(ApiException e) {
        return ResponseEntity.status(e.errorCode().status()).contentType(MediaType.APPLICATION_JSON)
                .body(ErrorBody.of(e));
    }

    @ExceptionHandler(RateLimitExceeded.class)
    ResponseEntity<ErrorBody.Envelope> rateLimited(RateLimitExceeded e) {
        return ResponseEntity.status(e.errorCode().status()).contentType(MediaType.APPLICATION_JSON)
                .header("Retry-After", Long.toString(e.retryAfterSeconds())).body(ErrorBody.of(e));
    }

    @ExceptionHandler(ValidationProblem.class)
    ResponseEntity<ValidationProblem.Envelope> validation(ValidationProblem e) {
        return unprocessable(e.items());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<?> unreadable(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLarge tooLarge) {
                return business(BodyTooLarge.refusal(tooLarge.limit()));
            }
        }
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            List<Object> loc = new ArrayList<>();
            loc.add("body");
            for (JacksonException.Reference ref : mismatch.getPath()) {
                loc.add(ref.getPropertyName() != null ? ref.getPropertyName() : ref.getIndex());
            }
            String expected = mismatch.getTargetType() == null ? "value" : mismatch.getTargetType().getSimpleName();
            return unprocessable(List.of(typeMismatch(loc, expected)));
        }
        if (cause instanceof MismatchedInputException) {
            return unprocessable(List.of(InputError.MODEL_ATTRIBUTES_TYPE.at(List.of("body"), null)));
        }
        return unprocessable(List.of(InputError.JSON_INVALID.at(List.of("body", 0), null)));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ValidationProblem.Envelope> argumentType(MethodArgumentTypeMismatchException e) {
        String where = e.getParameter().hasParameterAnnotation(PathVariable.class)
                ? "path" : "query";
        String expected = e.getRequiredType() == null ? "value" : e.getRequiredType().getSimpleName();
        return unprocessable(List.of(typeMismatch(List.of(where, e.getName()), expected)));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ValidationProblem.Envelope> missingParameter(MissingServletRequestParameterException e) {
        return unprocessable(List.of(InputError.MISSING.at(List.of("query", e.getParameterName()), null)));
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ValidationProblem.Envelope> missingHeader(MissingRequestHeaderException e) {
        return unprocessable(List.of(InputError.MISSING.at(List.of("header", e.getHeaderName()), null)));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ErrorBody.Envelope> noRoute(NoResourceFoundException e) {
        return business(new ApiException(ErrorCode.ROUTE_NOT_FOUND, "Not Found: /" + e.getResourcePath()));
    }

    @ExceptionHandler(NoHandlerFoundException.class)
    ResponseEntity<ErrorBody.Envelope> noHandler(NoHandlerFoundException e) {
        return business(new ApiException(ErrorCode.ROUTE_NOT_FOUND, "Not Found: " + e.getRequestURL()));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorBody.Envelope> method(HttpRequestMethodNotSupportedException e) {
        return business(new ApiException(ErrorCode.METHOD_NOT_ALLOWED, "Method Not Allowed: " + e.getMethod()));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorBody.Envelope> mediaType(HttpMediaTypeNotSupportedException e) {
        return business(new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type: " + e.getContentType()));
    }

    /** A body read by a handler itself (as text) that ran past the limit. */
    @ExceptionHandler(BodyTooLarge.class)
    ResponseEntity<ErrorBody.Envelope> tooLarge(BodyTooLarge e) {
        return business(BodyTooLarge.refusal(e.limit()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorBody.Envelope> unexpected(Exception e) {
        log.error("unexpected failure while handling a request", e);
        return business(new ApiException(ErrorCode.INTERNAL_ERROR, "Internal server error"));
    }

    private static ValidationProblem.Item typeMismatch(List<Object> loc, String expected) {
        return switch (expected) {
            case "Integer", "int", "Long", "long" -> InputError.INT_PARSING.at(loc, null);
            case "Boolean", "boolean" -> InputError.BOOL_PARSING.at(loc, null);
            case "String" -> InputError.STRING_TYPE.at(loc, null);
            default -> InputError.TYPE_ERROR.at(loc, null, expected.toLowerCase(Locale.ROOT));
        };
    }

    private static ResponseEntity<ValidationProblem.Envelope> unprocessable(List<ValidationProblem.Item> items) {
        return ResponseEntity.status(422).contentType(MediaType.APPLICATION_JSON).body(new ValidationProblem.Envelope(items));
    }
}
