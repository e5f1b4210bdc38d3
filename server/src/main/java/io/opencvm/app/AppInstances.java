package io.opencvm.app;

import io.opencvm.api.ApiVersion;
import java.util.List;
import java.util.Map;

/**
 * An app's instances (the CVMs that run it), as the {@code /apps} routes show them. The CVM feature answers
 * ({@code cvm.CvmAppInstances}): it depends on this package, never the other way round.
 */
public interface AppInstances {

    /** The workspace's apps with a live instance, in one of {@code statuses} when any is given. */
    List<Long> appsWithLive(long workspaceId, List<String> statuses);

    /** The workspace's apps with a live instance whose name contains {@code text}, in any case. */
    List<Long> appsWithLiveNamed(long workspaceId, String text);

    /** The app's live instances, oldest (the original) first, as an app listing shows them in {@code version}. */
    List<Map<String, Object>> inApp(long appPk, ApiVersion version);

    /** The same instances as a CVM list shows them in {@code version} ({@code GET /apps/{app_id}/cvms}). */
    List<Map<String, Object>> listed(long appPk, ApiVersion version);

    /**
     * What the workspace's live instances have, for {@code GET /apps/filter-options}: the distinct {@code statuses},
     * {@code image_versions}, {@code instance_types}, {@code regions}, {@code nodes} (names), {@code kms_types} and
     * {@code kms_slugs} (of their apps), each sorted.
     */
    Map<String, List<String>> filterValues(long workspaceId);
}
