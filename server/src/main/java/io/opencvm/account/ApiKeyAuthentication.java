package io.opencvm.account;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Authenticates every API and admin request by its key ({@code X-API-Key}, or {@code Authorization: Bearer}).
 * Runs inside the dispatcher so that a refusal is rendered by the one error handler.
 */
@Component
class ApiKeyAuthentication implements HandlerInterceptor {

    private final CallerStore callers;

    ApiKeyAuthentication(CallerStore callers) {
        this.callers = callers;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String key = presentedKey(request)
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_AUTHENTICATED, "Not authenticated: send an API key in X-API-Key"));
        Caller caller = callers.findByKeyHash(ApiKeys.hash(key))
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_AUTHENTICATED, "Invalid API key"));
        if (request.getRequestURI().startsWith("/admin/") && !caller.admin()) {
            throw new ApiException(ErrorCode.ADMIN_REQUIRED, "This endpoint needs an operator (admin) key");
        }
        request.setAttribute(Caller.ATTRIBUTE, caller);
        return true;
    }

    private static Optional<String> presentedKey(HttpServletRequest request) {
        String header = request.getHeader("X-API-Key");
        if (header != null && !header.isBlank()) {
            return Optional.of(header.trim());
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).trim();
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        }
        return Optional.empty();
    }
}
