package io.opencvm.api;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one tenancy rule: a resource of another workspace is answered exactly like one that does not exist
 * (the same 404, {@code error_code} and message), whatever form of its id was sent, so ids cannot be probed.
 * Every lookup by id that a caller can reach goes through here; 403 is kept for refusals inside the caller's
 * own workspace (a role that may not do it). See docs/security.md.
 */
public final class Tenancy {

    /** Something that belongs to exactly one workspace. */
    public interface Owned {
        long workspaceId();
    }

    private Tenancy() {
    }

    /** The row when it belongs to {@code workspaceId}; empty when it is missing or another workspace's. */
    public static <T extends Owned> Optional<T> visible(long workspaceId, Optional<T> row) {
        return row.filter(r -> r.workspaceId() == workspaceId);
    }

    /** The rows of {@code workspaceId} among {@code rows}; another workspace's are left out as if absent. */
    public static <T extends Owned> List<T> visible(long workspaceId, Collection<T> rows) {
        return rows.stream().filter(r -> r.workspaceId() == workspaceId).toList();
    }

    /** The row of {@code workspaceId}, or {@code missing} (the resource's 404) when it is absent or not its. */
    public static <T extends Owned> T require(long workspaceId, Optional<T> row, Supplier<ApiException> missing) {
        return visible(workspaceId, row).orElseThrow(missing);
    }
}
