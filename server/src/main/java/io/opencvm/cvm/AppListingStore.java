package io.opencvm.cvm;

import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code GET /apps}: the workspace's apps that have live CVMs, filtered and paged. */
@Repository
class AppListingStore {

    private final JdbcClient jdbc;

    AppListingStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** App primary keys of one page, newest app first. */
    List<Long> page(long workspaceId, String search, List<String> statuses, long offset, int limit) {
        return params(jdbc.sql("SELECT a.id FROM apps a WHERE " + where(search, statuses)
                        + " ORDER BY a.id DESC LIMIT :limit OFFSET :offset"), workspaceId, search, statuses)
                .param("limit", limit).param("offset", offset)
                .query(Long.class).list();
    }

    long count(long workspaceId, String search, List<String> statuses) {
        return params(jdbc.sql("SELECT COUNT(*) FROM apps a WHERE " + where(search, statuses)), workspaceId, search, statuses)
                .query(Long.class).single();
    }

    private static String where(String search, List<String> statuses) {
        String live = "c.app_pk = a.id AND c." + CvmStore.LIVE;
        StringBuilder sql = new StringBuilder("a.workspace_id = :ws AND EXISTS (SELECT 1 FROM cvms c WHERE " + live);
        if (!statuses.isEmpty()) {
            sql.append(" AND c.status IN (:statuses)");
        }
        sql.append(')');
        if (search != null) {
            sql.append(" AND (LOWER(a.name) LIKE :q OR a.app_id LIKE :q OR EXISTS (SELECT 1 FROM cvms c WHERE ")
                    .append(live).append(" AND LOWER(c.name) LIKE :q))");
        }
        return sql.toString();
    }

    private static JdbcClient.StatementSpec params(JdbcClient.StatementSpec spec, long workspaceId, String search,
                                                   List<String> statuses) {
        spec = spec.param("ws", workspaceId);
        if (!statuses.isEmpty()) {
            spec = spec.param("statuses", statuses);
        }
        if (search != null) {
            spec = spec.param("q", "%" + search.toLowerCase(Locale.ROOT).replace("%", "").replace("_", "\\_") + "%");
        }
        return spec;
    }
}
