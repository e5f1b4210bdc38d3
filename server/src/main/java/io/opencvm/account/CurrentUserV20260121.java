package io.opencvm.account;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code GET /auth/me} for {@code X-Phala-Version: 2026-01-21}: every key the clients require is present. */
record CurrentUserV20260121(UserPart user, WorkspacePart workspace, CreditsPart credits) {

    record UserPart(String username, String email, String role, String avatar, boolean email_verified,
                    boolean totp_enabled, boolean has_backup_codes, boolean flag_has_password) {
    }

    record WorkspacePart(String id, String name, String slug, String tier, String role,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String avatar) {
    }

    /** A self-hosted plane bills nothing: zero balances, post-paid, nothing outstanding. */
    record CreditsPart(long balance, long granted_balance, boolean is_post_paid, long outstanding_amount) {
    }

    static CurrentUserV20260121 of(CurrentAccount account) {
        User u = account.user();
        Workspace w = account.membership().workspace();
        return new CurrentUserV20260121(
                new UserPart(u.username(), u.email(), u.role().wire(), "", false, false, false, false),
                new WorkspacePart(w.publicId(), w.name(), w.slug(), w.tier(), account.membership().role().wire(), null),
                new CreditsPart(0, 0, true, 0));
    }
}
