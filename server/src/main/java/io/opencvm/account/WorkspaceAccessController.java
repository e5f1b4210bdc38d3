package io.opencvm.account;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.JsonBody;
import io.opencvm.api.WorkspaceAdminOnly;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The caller's own workspace, managed by its owners and admins ({@link WorkspaceAdminOnly}): its members and
 * its API keys. Every member may see who the members are. Operators manage every workspace under {@code /admin}.
 */
@RestController
class WorkspaceAccessController {

    private final AccountService accounts;

    WorkspaceAccessController(AccountService accounts) {
        this.accounts = accounts;
    }

    record MemberRow(String username, String role) {
        static MemberRow of(Member m) {
            return new MemberRow(m.username(), m.role().wire());
        }
    }

    record KeyRow(String id, String name, String prefix, String username, String created_at, String revoked_at) {
        static KeyRow of(ApiKey k) {
            return new KeyRow(k.publicId(), k.name(), k.prefix(), k.username(), k.createdAt().toString(),
                    k.revokedAt() == null ? null : k.revokedAt().toString());
        }
    }

    record CreatedKey(String id, String key, String prefix) {
        @Override
        public String toString() {
            return "CreatedKey[" + id + ", " + prefix + "…]"; // never the key
        }
    }

    @GetMapping("/api/v1/workspace/members")
    Listing<MemberRow> members(Caller caller) {
        return new Listing<>(accounts.membersOf(caller).stream().map(MemberRow::of).toList());
    }

    /** Adds an existing user; only an owner may make another owner. */
    @WorkspaceAdminOnly
    @PostMapping("/api/v1/workspace/members")
    @ResponseStatus(HttpStatus.CREATED)
    MemberRow addMember(Caller caller, @RequestBody(required = false) JsonNode json) {
        JsonBody body = JsonBody.required(json);
        String username = body.requiredString("username");
        MemberRole role = body.oneOf("role", body.string("role"), MemberRole.wires(), MemberRole::parse);
        body.throwIfAny();
        MemberRole granted = role == null ? MemberRole.MEMBER : role;
        if (granted == MemberRole.OWNER && caller.role() != MemberRole.OWNER) {
            throw new ApiException(ErrorCode.WORKSPACE_ADMIN_REQUIRED, "Only an owner of workspace "
                    + caller.workspaceSlug() + " may add an owner");
        }
        Membership m = accounts.addMember(caller.workspaceSlug(), username, granted);
        return new MemberRow(username, m.role().wire());
    }

    @WorkspaceAdminOnly
    @GetMapping("/api/v1/workspace/api-keys")
    Listing<KeyRow> keys(Caller caller) {
        return new Listing<>(accounts.keysOf(caller).stream().map(KeyRow::of).toList());
    }

    /** A new key for the caller in this workspace (never for another user: no one acts as someone else). */
    @WorkspaceAdminOnly
    @PostMapping("/api/v1/workspace/api-keys")
    @ResponseStatus(HttpStatus.CREATED)
    CreatedKey issueKey(Caller caller, @RequestBody(required = false) JsonNode json) {
        JsonBody body = JsonBody.optional(json);
        String name = body.string("name");
        AccountService.checkKeyName(body, name);
        body.throwIfAny();
        IssuedKey issued = accounts.issueKey(caller.username(), caller.workspaceSlug(), name);
        return new CreatedKey(issued.publicId(), issued.key(), issued.prefix());
    }

    /** Revokes a key of this workspace; another workspace's key id is 404 like a missing one. */
    @WorkspaceAdminOnly
    @DeleteMapping("/api/v1/workspace/api-keys/{id}")
    KeyRow revokeKey(Caller caller, @PathVariable String id) {
        return KeyRow.of(accounts.revokeKeyOf(caller, id));
    }
}
