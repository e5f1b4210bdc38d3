package io.opencvm.cvm;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import io.opencvm.api.Tenancy;
import io.opencvm.app.AppId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Finds the CVM a {@code {cvm_id}} path segment names, inside one workspace. Accepts every form the
 * clients send: a 32-hex or dashed uuid (our {@code vm_uuid}); {@code app_<40hex>},
 * {@code 0x<40hex>} or bare 40 hex (an app id, or an instance id when no app has it);
 * {@code instance_<40hex>}; the v2026 opaque id ({@code cvm_…}); the v2025 numeric id; the CVM name.
 * Deleted CVMs are never found.
 *
 * <p>Unknown, or another workspace's by any form: 404 ERR-03-001 with the same message ({@link Tenancy}). An app id
 * with several live CVMs of the caller's workspace: 400 ERR-03-010.
 */
@Component
public class CvmIdResolver {

    private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern DASHED_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern INSTANCE = Pattern.compile("(?i)instance_([0-9a-f]{40})");
    private static final Pattern NUMERIC = Pattern.compile("[0-9]{1,18}");

    private final CvmStore store;

    CvmIdResolver(CvmStore store) {
        this.store = store;
    }

    /** The live CVM {@code segment} names in the workspace, or the API error that says why there is none. */
    public Cvm resolve(long workspaceId, String segment) {
        String id = segment == null ? "" : segment.trim();
        if (HEX32.matcher(id).matches()) {
            return pick(workspaceId, id, store.liveBy("vm_uuid", dashed(id)));
        }
        if (DASHED_UUID.matcher(id).matches()) {
            return pick(workspaceId, id, store.liveBy("vm_uuid", id.toLowerCase(Locale.ROOT)));
        }
        Optional<AppId> hex = AppId.parse(id);
        if (hex.isPresent()) {
            return pick(workspaceId, id, byAppOrInstance(hex.get().hex()));
        }
        Optional<String> instance = group(INSTANCE, id);
        if (instance.isPresent()) {
            return pick(workspaceId, id, store.liveBy("instance_id", instance.get()));
        }
        if (NUMERIC.matcher(id).matches()) {
            return pick(workspaceId, id, store.liveBy("id", Long.parseLong(id)));
        }
        List<Cvm> byPublicId = store.liveBy("public_id", id);
        if (!byPublicId.isEmpty()) {
            return pick(workspaceId, id, byPublicId);
        }
        return store.liveByName(workspaceId, id).orElseThrow(() -> notFound(id));
    }

    private List<Cvm> byAppOrInstance(String hex) {
        List<Cvm> byApp = store.liveBy("app_id", hex);
        return byApp.isEmpty() ? store.liveBy("instance_id", hex) : byApp;
    }

    private static Cvm pick(long workspaceId, String id, List<Cvm> candidates) {
        List<Cvm> mine = Tenancy.visible(workspaceId, candidates);
        if (mine.size() == 1) {
            return mine.get(0);
        }
        if (mine.size() > 1) {
            throw new ApiException(ErrorCode.AMBIGUOUS_CVM_ID, "Several CVMs (" + mine.size() + ") share the id " + id
                    + "; list them with GET /apps/{app_id}/cvms and use a vm_uuid",
                    List.of(ErrorDetail.field("cvm_id", id)));
        }
        throw notFound(id);
    }

    private static ApiException notFound(String id) {
        return new ApiException(ErrorCode.CVM_NOT_FOUND, "CVM " + id + " not found");
    }

    private static Optional<String> group(Pattern pattern, String id) {
        var m = pattern.matcher(id);
        return m.matches() ? Optional.of(m.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /** {@code 32 hex} → the dashed lower-case uuid form we store. */
    static String dashed(String hex32) {
        String h = hex32.toLowerCase(Locale.ROOT);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20)
                + "-" + h.substring(20);
    }
}
