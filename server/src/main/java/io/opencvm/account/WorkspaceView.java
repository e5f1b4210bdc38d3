package io.opencvm.account;

/** A {@code Workspace} of {@code GET /workspaces}: {@code is_default} marks the one the key acts in. */
record WorkspaceView(String id, String name, String slug, String tier, String role, boolean is_default,
                     String created_at) {

    static WorkspaceView of(Membership membership, Caller caller) {
        Workspace w = membership.workspace();
        return new WorkspaceView(w.publicId(), w.name(), w.slug(), w.tier(), membership.role().wire(),
                w.pk() == caller.workspaceId(), w.createdAt().toString());
    }
}
