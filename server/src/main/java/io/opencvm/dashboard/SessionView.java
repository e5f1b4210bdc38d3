package io.opencvm.dashboard;

import io.opencvm.account.DashboardSession;
import java.time.Instant;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** What the page learns about its session: who it acts as, until when, and the token to echo on writes. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record SessionView(String username, String workspace, boolean operator, Instant expiresAt, String csrfToken) {

    static SessionView of(DashboardSession s) {
        return new SessionView(s.caller().username(), s.caller().workspaceSlug(), s.caller().admin(), s.expiresAt(),
                s.csrfToken());
    }

    @Override
    public String toString() {
        return "SessionView[" + username + "@" + workspace + ", until " + expiresAt + "]"; // never the CSRF token
    }
}
