package io.opencvm.api;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error report for what the container refuses before Spring sees the request (an encoded
 * {@code /} or NUL in a path, a bad escape, an oversized header): the same JSON envelope as every other
 * refusal instead of Tomcat's HTML page.
 */
public class ContainerErrorReport extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        ApiException error = new ApiException(codeFor(status), messageFor(status));
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            OutputStream out = response.getOutputStream();
            out.write(JSON.writeValueAsBytes(ErrorBody.of(error)));
            out.flush();
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response was already taken; there is nobody left to tell.
        }
    }

    static ErrorCode codeFor(int status) {
        return switch (status) {
            case 404 -> ErrorCode.ROUTE_NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            default -> status < 500 ? ErrorCode.INVALID_PATH : ErrorCode.INTERNAL_ERROR;
        };
    }

    private static String messageFor(int status) {
        return switch (status) {
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Request body too large";
            case 415 -> "Unsupported media type";
            default -> status < 500 ? "Bad request: the container refused the request line or headers"
                    : "Internal server error";
        };
    }
}
