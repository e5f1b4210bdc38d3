package io.opencvm.account;

import java.time.Instant;

/**
 * A signed-in dashboard: who it acts as (the API key it was opened with), until when, and the token the
 * page must echo in {@code X-CSRF-Token} on every state-changing request.
 */
public record DashboardSession(Caller caller, Instant expiresAt, String csrfToken) {

    /** Request attribute under which authentication stores the session of a cookie-authenticated request. */
    public static final String ATTRIBUTE = "opencvm.dashboardSession";

    /** The header a cookie-authenticated POST, PUT, PATCH or DELETE must carry. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    /** A session just opened: the cookie value goes to the browser once and is never stored. */
    public record Opened(String cookieValue, DashboardSession session) {
        @Override
        public String toString() {
            return "Opened[" + session + "]"; // never the cookie
        }
    }

    @Override
    public String toString() {
        return "DashboardSession[" + caller + ", until " + expiresAt + "]"; // never the CSRF token
    }
}
