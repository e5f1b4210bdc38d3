package io.opencvm.account;

/** One workspace as seen by one of its members. */
public record Membership(Workspace workspace, MemberRole role) {
}
