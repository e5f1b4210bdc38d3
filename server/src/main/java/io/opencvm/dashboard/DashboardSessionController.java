package io.opencvm.dashboard;

import io.opencvm.account.DashboardCookie;
import io.opencvm.account.DashboardSession;
import io.opencvm.account.DashboardSessions;
import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.PublicEndpoint;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Sign-in and sign-out of the dashboard, outside {@code /api/v1} (they are not part of the Phala API):
 * {@code POST} exchanges an API key for the session cookie, {@code GET} tells the page who it is and its
 * CSRF token, {@code DELETE} signs out.
 */
@RestController
@RequestMapping("/dashboard/session")
class DashboardSessionController {

    /** Browsers say where a request comes from; a sign-in is only taken from the dashboard's own origin. */
    private static final Set<String> OWN_SITE = Set.of("same-origin", "none");

    private final DashboardSessions sessions;

    DashboardSessionController(DashboardSessions sessions) {
        this.sessions = sessions;
    }

    /** JSON only (a cross-site form cannot send it), so no other site can sign a browser in. */
    @PostMapping
    @PublicEndpoint
    ResponseEntity<SessionView> signIn(@RequestBody(required = false) JsonNode body, HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !OWN_SITE.contains(site)) {
            throw new ApiException(ErrorCode.CSRF_TOKEN_INVALID, "Sign in from the dashboard's own page");
        }
        DashboardSession.Opened opened = sessions.open(SignInRequest.parse(body).apiKey());
        // A browser signing in again gives up the session it had.
        DashboardCookie.read(request).ifPresent(sessions::close);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .header(HttpHeaders.SET_COOKIE, DashboardCookie.issue(opened.cookieValue(), sessions.lifetime(),
                        request.isSecure()).toString())
                .body(SessionView.of(opened.session()));
    }

    @GetMapping
    ResponseEntity<SessionView> current(HttpServletRequest request) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(SessionView.of(session(request)));
    }

    @DeleteMapping
    ResponseEntity<Void> signOut(HttpServletRequest request) {
        session(request);
        DashboardCookie.read(request).ifPresent(sessions::close);
        return ResponseEntity.noContent()
                .header(HttpHeaders.SET_COOKIE, DashboardCookie.clear(request.isSecure()).toString()).build();
    }

    /** The session that authenticated this request; a request made with an API key has none. */
    private static DashboardSession session(HttpServletRequest request) {
        if (request.getAttribute(DashboardSession.ATTRIBUTE) instanceof DashboardSession s) {
            return s;
        }
        throw new ApiException(ErrorCode.NOT_AUTHENTICATED, "No dashboard session: sign in with POST /dashboard/session");
    }
}
