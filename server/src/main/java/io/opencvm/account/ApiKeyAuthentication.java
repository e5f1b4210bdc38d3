package io.opencvm.account;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.OperatorOnly;
import io.opencvm.api.PublicEndpoint;
import io.opencvm.api.WorkspaceAdminOnly;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.annotation.Annotation;
import java.util.Optional;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Authenticates every request to one of the application's own handlers by its key ({@code X-API-Key},
 * or {@code Authorization: Bearer}) or, without a key, by the dashboard's session cookie (see
 * {@link DashboardSessionAuthentication}), lets only operators reach {@link OperatorOnly} handlers and only a
 * workspace's owners and admins reach {@link WorkspaceAdminOnly} ones.
 * Both decisions look at the handler Spring matched, never at the request path, so an encoded or
 * otherwise re-spelled path cannot slip past them. Runs inside the dispatcher so that a refusal is
 * rendered by the one error handler.
 */
@Component
class ApiKeyAuthentication implements HandlerInterceptor {

    private static final String OWN_PACKAGE = "io.opencvm.";

    private final CallerStore callers;
    private final DashboardSessionAuthentication sessions;
    private final ApiKeyRateLimit rate;

    ApiKeyAuthentication(CallerStore callers, DashboardSessionAuthentication sessions, ApiKeyRateLimit rate) {
        this.callers = callers;
        this.sessions = sessions;
        this.rate = rate;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method) || !ownHandler(method) || marked(method, PublicEndpoint.class)) {
            return true;
        }
        Optional<String> key = presentedKey(request);
        String keyHash = key.map(ApiKeys::hash).orElse(null);
        Caller caller = key.isPresent()
                ? callers.findByKeyHash(keyHash)
                        .orElseThrow(() -> new ApiException(ErrorCode.NOT_AUTHENTICATED, "Invalid API key"))
                : sessions.authenticate(request)
                        .orElseThrow(() -> new ApiException(ErrorCode.NOT_AUTHENTICATED, "Not authenticated: send an API key in X-API-Key"));
        rate.acquire(keyHash != null ? keyHash : "session:" + caller.userId() + "/" + caller.workspaceId());
        if (marked(method, OperatorOnly.class) && !caller.admin()) {
            throw new ApiException(ErrorCode.ADMIN_REQUIRED, "This endpoint needs an operator (admin) key");
        }
        if (marked(method, WorkspaceAdminOnly.class) && !caller.managesWorkspace()) {
            throw new ApiException(ErrorCode.WORKSPACE_ADMIN_REQUIRED, "Only an owner or admin of workspace "
                    + caller.workspaceSlug() + " may do this; your role is " + caller.role().wire());
        }
        request.setAttribute(Caller.ATTRIBUTE, caller);
        return true;
    }

    /** Framework handlers (the container's error page) stay as they are; ours fail closed. */
    private static boolean ownHandler(HandlerMethod method) {
        return method.getBeanType().getName().startsWith(OWN_PACKAGE);
    }

    static boolean marked(HandlerMethod method, Class<? extends Annotation> marker) {
        return method.hasMethodAnnotation(marker) || AnnotatedElementUtils.hasAnnotation(method.getBeanType(), marker);
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
