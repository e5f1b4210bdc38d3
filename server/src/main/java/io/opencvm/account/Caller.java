package io.opencvm.account;

/**
 * Who is calling: the authenticated user acting in one workspace (an API key belongs to both), with the user's
 * role in that workspace; {@code admin} is the platform operator flag. Handlers take it as a parameter; it is
 * resolved from the API key before the handler runs. The public ids and the workspace's name come with the same
 * query, so what a request creates can name its owner without reading the user and the workspace again.
 */
public record Caller(long userId, String username, long workspaceId, String workspaceSlug, boolean admin,
                     MemberRole role, String userPublicId, String workspacePublicId, String workspaceName) {

    /** Owners and admins manage the workspace itself (keys, members, webhooks); members operate its CVMs. */
    public boolean managesWorkspace() {
        return role == MemberRole.OWNER || role == MemberRole.ADMIN;
    }

    /** Request attribute under which the authentication filter stores the caller. */
    public static final String ATTRIBUTE = "opencvm.caller";
}
