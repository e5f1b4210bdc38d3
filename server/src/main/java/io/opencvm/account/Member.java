package io.opencvm.account;

/** One member of a workspace as its other members see it: a username and a role. */
public record Member(String username, MemberRole role) {
}
