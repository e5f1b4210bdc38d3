package io.opencvm.account;

import java.util.List;

/** One page of the caller's workspaces, keyset-paginated; {@code nextCursor} is null on the last page. */
public record WorkspacePage(List<Membership> items, boolean hasMore, String nextCursor, long total) {
}
