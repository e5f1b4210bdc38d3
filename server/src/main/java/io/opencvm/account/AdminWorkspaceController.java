package io.opencvm.account;

import io.opencvm.api.JsonBody;
import io.opencvm.api.OperatorOnly;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Operator endpoints for workspaces and their members (an operator key is required, see {@link OperatorOnly}). */
@RestController
@OperatorOnly
class AdminWorkspaceController {

    private final AccountService accounts;

    AdminWorkspaceController(AccountService accounts) {
        this.accounts = accounts;
    }

    record WorkspaceRow(String id, String name, String slug, String tier, String created_at) {
        static WorkspaceRow of(Workspace w) {
            return new WorkspaceRow(w.publicId(), w.name(), w.slug(), w.tier(), w.createdAt().toString());
        }
    }

    record MemberRow(String workspace_slug, String username, String role) {
    }

    @PostMapping("/admin/workspaces")
    @ResponseStatus(HttpStatus.CREATED)
    WorkspaceRow create(@RequestBody(required = false) JsonNode json) {
        JsonBody body = JsonBody.required(json);
        String name = body.string("name");
        String slug = body.string("slug");
        AccountService.checkWorkspace(body, name, slug);
        body.throwIfAny();
        return WorkspaceRow.of(accounts.createWorkspace(name, slug));
    }

    @GetMapping("/admin/workspaces")
    Listing<WorkspaceRow> list() {
        return new Listing<>(accounts.workspaces().stream().map(WorkspaceRow::of).toList());
    }

    @PostMapping("/admin/workspaces/{slug}/members")
    @ResponseStatus(HttpStatus.CREATED)
    MemberRow addMember(@PathVariable String slug, @RequestBody(required = false) JsonNode json) {
        JsonBody body = JsonBody.required(json);
        String username = body.requiredString("username");
        MemberRole role = body.oneOf("role", body.string("role"), MemberRole.wires(), MemberRole::parse);
        body.throwIfAny();
        Membership m = accounts.addMember(slug, username, role == null ? MemberRole.MEMBER : role);
        return new MemberRow(m.workspace().slug(), username, m.role().wire());
    }
}
