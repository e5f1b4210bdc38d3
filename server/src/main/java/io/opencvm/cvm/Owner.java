package io.opencvm.cvm;

/** The workspace and creator of a CVM, as the JSON shapes show them. */
public record Owner(String workspacePublicId, String workspaceName, String workspaceSlug, long userId,
                    String userPublicId, String username) {
}
