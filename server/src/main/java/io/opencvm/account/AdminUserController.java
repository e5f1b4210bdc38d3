package io.opencvm.account;

import io.opencvm.api.OperatorOnly;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Operator endpoints for users (an operator key is required, see {@link OperatorOnly}). A user is always created as a workspace member. */
@RestController
@OperatorOnly
class AdminUserController {

    private final AccountService accounts;

    AdminUserController(AccountService accounts) {
        this.accounts = accounts;
    }

    record NewUser(String username, String email, String role, String workspace_slug, String workspace_role) {
    }

    record UserRow(String id, String username, String email, String role, String created_at) {
        static UserRow of(User u) {
            return new UserRow(u.publicId(), u.username(), u.email(), u.role().wire(), u.createdAt().toString());
        }
    }

    record CreatedUser(String id, String username, String email, String role, String created_at,
                       String workspace_slug, String workspace_role) {
    }

    @PostMapping("/admin/users")
    @ResponseStatus(HttpStatus.CREATED)
    CreatedUser create(@RequestBody(required = false) NewUser body) {
        FieldCheck.requireBody(body);
        FieldCheck check = new FieldCheck();
        AccountService.checkUser(check, body.username(), body.email());
        UserRole role = check.oneOf("role", body.role(), UserRole::parse, UserRole.values());
        String slug = check.required("workspace_slug", body.workspace_slug());
        MemberRole memberRole = check.oneOf("workspace_role", body.workspace_role(), MemberRole::parse, MemberRole.values());
        check.throwIfAny();
        MemberRole asMember = memberRole == null ? MemberRole.MEMBER : memberRole;
        User u = accounts.createMember(body.username(), body.email(), role == null ? UserRole.USER : role, slug, asMember);
        return new CreatedUser(u.publicId(), u.username(), u.email(), u.role().wire(), u.createdAt().toString(),
                slug, asMember.wire());
    }

    @GetMapping("/admin/users")
    Listing<UserRow> list() {
        return new Listing<>(accounts.users().stream().map(UserRow::of).toList());
    }
}
