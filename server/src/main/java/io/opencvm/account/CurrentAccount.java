package io.opencvm.account;

/** The caller's user and the workspace its key acts in ({@code GET /auth/me}). */
public record CurrentAccount(User user, Membership membership) {
}
