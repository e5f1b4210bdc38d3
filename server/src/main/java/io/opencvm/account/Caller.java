package io.opencvm.account;

/**
 * Who is calling: the authenticated user acting in one workspace (an API key belongs to both), with the user's
 * role in that workspace; {@code admin} is the platform operator flag. Handlers take it as a parameter; it is
 * resolved from the API key before the handler runs.
 */
public record Caller(long userId, String username, long workspaceId, String workspaceSlug, boolean admin,
                     MemberRole role) {

    /** Owners and admins manage the workspace itself (keys, members, webhooks); members operate its CVMs. */
    public boolean managesWorkspace() {
        return role == MemberRole.OWNER || role == MemberRole.ADMIN;
    }

    /** Request attribute under which the authentication filter stores the caller. */
    public static final String ATTRIBUTE = "opencvm.caller";
}
