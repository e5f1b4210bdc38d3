package io.opencvm.cvm;

import io.opencvm.account.Caller;

/** The workspace and creator of a CVM, as the JSON shapes show them. */
public record Owner(String workspacePublicId, String workspaceName, String workspaceSlug, long userId,
                    String userPublicId, String username) {

    /** The owner of what {@code caller} creates in its workspace: authentication read all of it already. */
    public static Owner of(Caller caller) {
        return new Owner(caller.workspacePublicId(), caller.workspaceName(), caller.workspaceSlug(), caller.userId(),
                caller.userPublicId(), caller.username());
    }
}
