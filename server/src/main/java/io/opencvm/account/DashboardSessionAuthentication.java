package io.opencvm.account;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Authenticates a request by the dashboard's session cookie when it carries no API key. A state-changing
 * request (anything but GET, HEAD, OPTIONS) must also echo the session's CSRF token in {@code X-CSRF-Token}:
 * a page of another site can make the browser send the cookie (were SameSite ever bypassed) but can neither
 * read the token nor set a custom header without a CORS preflight, which opencvm never grants.
 */
@Component
class DashboardSessionAuthentication {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final DashboardSessions sessions;

    DashboardSessionAuthentication(DashboardSessions sessions) {
        this.sessions = sessions;
    }

    /** The caller of a cookie-authenticated request; empty when the request has no session cookie. */
    Optional<Caller> authenticate(HttpServletRequest request) {
        Optional<String> cookie = DashboardCookie.read(request);
        if (cookie.isEmpty()) {
            return Optional.empty();
        }
        DashboardSession session = sessions.find(cookie.get()).orElseThrow(() -> new ApiException(
                ErrorCode.NOT_AUTHENTICATED, "The dashboard session has expired or was signed out; sign in again"));
        if (!SAFE_METHODS.contains(request.getMethod())
                && !DashboardSessions.csrfMatches(cookie.get(), request.getHeader(DashboardSession.CSRF_HEADER))) {
            throw new ApiException(ErrorCode.CSRF_TOKEN_INVALID,
                    "A request authenticated by the dashboard session must carry its CSRF token in "
                            + DashboardSession.CSRF_HEADER);
        }
        request.setAttribute(DashboardSession.ATTRIBUTE, session);
        return Optional.of(session.caller());
    }
}
