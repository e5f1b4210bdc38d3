package io.opencvm.account;

/** {@code GET /auth/me} for {@code X-Phala-Version: 2025-10-28}: flat, the workspace called "team". */
record CurrentUserV20251028(String username, String email, String avatar, String team_name, String team_tier,
                            long credits, long granted_credits) {

    static CurrentUserV20251028 of(CurrentAccount account) {
        Workspace w = account.membership().workspace();
        return new CurrentUserV20251028(account.user().username(), account.user().email(), "", w.name(), w.tier(), 0, 0);
    }
}
