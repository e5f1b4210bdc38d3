package io.opencvm.account;

import io.opencvm.api.JsonBody;
import io.opencvm.api.OperatorOnly;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Operator endpoints for users (an operator key is required, see {@link OperatorOnly}). A user is always created as a workspace member. */
@RestController
@OperatorOnly
class AdminUserController {

    private final AccountService accounts;

    AdminUserController(AccountService accounts) {
        this.accounts = accounts;
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
    CreatedUser create(@RequestBody(required = false) JsonNode json) {
        JsonBody body = JsonBody.required(json);
        String username = body.string("username");
        String email = body.string("email");
        AccountService.checkUser(body, username, email);
        UserRole role = body.oneOf("role", body.string("role"), UserRole.wires(), UserRole::parse);
        String slug = body.requiredString("workspace_slug");
        MemberRole memberRole = body.oneOf("workspace_role", body.string("workspace_role"), MemberRole.wires(),
                MemberRole::parse);
        body.throwIfAny();
        MemberRole asMember = memberRole == null ? MemberRole.MEMBER : memberRole;
        User u = accounts.createMember(username, email, role == null ? UserRole.USER : role, slug, asMember);
        return new CreatedUser(u.publicId(), u.username(), u.email(), u.role().wire(), u.createdAt().toString(),
                slug, asMember.wire());
    }

    @GetMapping("/admin/users")
    Listing<UserRow> list() {
        return new Listing<>(accounts.users().stream().map(UserRow::of).toList());
    }
}
