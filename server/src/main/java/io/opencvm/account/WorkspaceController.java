package io.opencvm.account;

import io.opencvm.api.ValidationProblem;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/workspaces[/{slug}]}: the workspaces the caller is a member of. */
@RestController
class WorkspaceController {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

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
        WorkspacePage page = accounts.workspacesOf(caller, WorkspaceCursor.parse(cursor).afterPk(), checkedLimit(limit));
        return new WorkspaceList(page.items().stream().map(m -> WorkspaceView.of(m, caller)).toList(),
                new Pagination(page.hasMore(), page.nextCursor(), page.total()));
    }

    @GetMapping("/api/v1/workspaces/{slug}")
    WorkspaceView get(Caller caller, @PathVariable String slug) {
        return WorkspaceView.of(accounts.workspaceOf(caller, slug), caller);
    }

    private static int checkedLimit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1) {
            throw ValidationProblem.of(List.of("query", "limit"), "Input should be greater than or equal to 1",
                    "greater_than_equal", limit);
        }
        if (limit > MAX_LIMIT) {
            throw ValidationProblem.of(List.of("query", "limit"), "Input should be less than or equal to " + MAX_LIMIT,
                    "less_than_equal", limit);
        }
        return limit;
    }
}
