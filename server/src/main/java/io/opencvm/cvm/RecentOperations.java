package io.opencvm.cvm;

import io.opencvm.operation.Operation;
import io.opencvm.operation.OperationQueue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * The newest operations across CVMs, of one workspace or (for operators) of all. The operation feature lists every
 * operation newest first without knowing workspaces, so this reads that list in batches and keeps the workspace's
 * own. One request reads at most {@link #SCAN_LIMIT} operations: when they run out before the page is full, the page
 * is short and its cursor says where to go on, so a quiet workspace in a busy fleet never costs a full scan.
 */
@Service
class RecentOperations {

    static final int SCAN_LIMIT = 2000;
    private static final int BATCH = 250;

    /** One operation with the view of its CVM (which may since have been deleted). */
    record Entry(CvmView view, Operation operation) {
    }

    /** {@code nextCursor}: the operation id to continue before, or null at the oldest. */
    record Page(List<Entry> items, Long nextCursor) {
    }

    private final OperationQueue operations;
    private final CvmStore store;
    private final CvmViews views;

    RecentOperations(OperationQueue operations, CvmStore store, CvmViews views) {
        this.operations = operations;
        this.store = store;
        this.views = views;
    }

    /** {@code limit} operations older than {@code beforeId} (null: the newest); {@code workspaceId} null: every one. */
    Page of(Long workspaceId, Long beforeId, int limit) {
        List<Operation> kept = new ArrayList<>();
        Map<Long, Cvm> cvms = new LinkedHashMap<>();
        Long cursor = beforeId;
        int scanned = 0;
        boolean oldestReached = false;
        while (kept.size() < limit && scanned < SCAN_LIMIT && !oldestReached) {
            int wanted = Math.min(BATCH, SCAN_LIMIT - scanned);
            List<Operation> batch = operations.recent(cursor, wanted);
            Map<Long, Cvm> owners = store.byIds(batch.stream().map(Operation::cvmId).distinct().toList());
            int read = 0;
            for (Operation op : batch) {
                read++;
                cursor = op.id();
                Cvm cvm = owners.get(op.cvmId());
                if (cvm != null && (workspaceId == null || cvm.workspaceId() == workspaceId)) {
                    kept.add(op);
                    cvms.put(cvm.id(), cvm);
                    if (kept.size() == limit) {
                        break;
                    }
                }
            }
            scanned += read;
            oldestReached = batch.size() < wanted && read == batch.size();
        }
        Map<Long, CvmView> viewed = views.of(List.copyOf(cvms.values())).stream()
                .collect(Collectors.toMap(v -> v.cvm().id(), Function.identity()));
        List<Entry> items = kept.stream().map(op -> new Entry(viewed.get(op.cvmId()), op)).toList();
        return new Page(items, oldestReached ? null : cursor);
    }
}
