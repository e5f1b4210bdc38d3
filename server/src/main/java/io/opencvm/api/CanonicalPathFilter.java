package io.opencvm.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses a request whose raw path is not spelled plainly, before anything else reads it: path parameters
 * ({@code ;}), escapes of characters that never need one ({@code %61} for {@code a}) or that change the
 * path's structure ({@code %2F}, {@code %3B}, {@code %25}, control characters), malformed escapes,
 * backslashes, empty and dot segments. The container and Spring would quietly decode or drop these, so a
 * path could mean one thing to the router and another to any code that reads it as text.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class CanonicalPathFilter extends OncePerRequestFilter {

    private static final String UNRESERVED_OR_RESERVED =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%\\";

    private final JsonMapper json;

    CanonicalPathFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> problem = problem(request.getRequestURI());
        if (problem.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        ApiException refusal = new ApiException(ErrorCode.INVALID_PATH, "The request path is not in canonical form: "
                + problem.get());
        response.setStatus(refusal.errorCode().status().value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), ErrorBody.of(refusal));
    }

    /** Why {@code rawPath} is refused, or empty when it is spelled plainly. */
    static Optional<String> problem(String rawPath) {
        if (rawPath.indexOf(';') >= 0) {
            return Optional.of("path parameters (';') are not accepted");
        }
        if (rawPath.indexOf('\\') >= 0) {
            return Optional.of("backslashes are not accepted");
        }
        for (int i = rawPath.indexOf('%'); i >= 0; i = rawPath.indexOf('%', i + 1)) {
            int value = i + 2 < rawPath.length() ? hexByte(rawPath.charAt(i + 1), rawPath.charAt(i + 2)) : -1;
            if (value < 0) {
                return Optional.of("malformed percent-escape");
            }
            if (value < 0x20 || value == 0x7f || (value < 0x80 && UNRESERVED_OR_RESERVED.indexOf(value) >= 0)) {
                return Optional.of("a character that must not be percent-encoded here (" + rawPath.substring(i, i + 3) + ")");
            }
        }
        String path = rawPath.isEmpty() ? "/" : rawPath;
        if (path.contains("//")) {
            return Optional.of("empty path segments ('//') are not accepted");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of("dot segments are not accepted");
            }
        }
        return Optional.empty();
    }

    private static int hexByte(char high, char low) {
        int h = Character.digit(high, 16);
        int l = Character.digit(low, 16);
        return h < 0 || l < 0 ? -1 : h * 16 + l;
    }
}
