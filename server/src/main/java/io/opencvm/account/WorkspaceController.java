package io.opencvm.account;

import io.opencvm.api.Fields;
import io.opencvm.api.PageRequest;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/workspaces[/{slug}]}: the workspaces the caller is a member of. */
@RestController
class WorkspaceController {

    static final int DEFAULT_LIMIT = 20;

    private final AccountService accounts;

    WorkspaceController(AccountService accounts) {
        this.accounts = accounts;
    }

    record Pagination(boolean has_more, String next_cursor, long total) {
    }

    record WorkspaceList(List<WorkspaceView> data, Pagination pagination) {
    }

    @GetMapping("/api/v1/workspaces")
    WorkspaceList list(Caller caller, @RequestParam(required = false) String cursor,
                       @RequestParam(required = false) Integer limit) {
        Fields query = Fields.of("query");
        query.between("limit", limit, 1, PageRequest.MAX_PAGE_SIZE);
        query.throwIfAny();
        WorkspacePage page = accounts.workspacesOf(caller, WorkspaceCursor.parse(cursor).afterPk(),
                limit == null ? DEFAULT_LIMIT : limit);
        return new WorkspaceList(page.items().stream().map(m -> WorkspaceView.of(m, caller)).toList(),
                new Pagination(page.hasMore(), page.nextCursor(), page.total()));
    }

    @GetMapping("/api/v1/workspaces/{slug}")
    WorkspaceView get(Caller caller, @PathVariable String slug) {
        return WorkspaceView.of(accounts.workspaceOf(caller, slug), caller);
    }
}
