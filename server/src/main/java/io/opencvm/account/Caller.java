package io.opencvm.account;

/**
 * Who is calling: the authenticated user acting in one workspace (an API key belongs to both).
 * Handlers take it as a parameter; it is resolved from the API key before the handler runs.
 */
public record Caller(long userId, String username, long workspaceId, String workspaceSlug, boolean admin) {

    /** Request attribute under which the authentication filter stores the caller. */
    public static final String ATTRIBUTE = "opencvm.caller";
}
