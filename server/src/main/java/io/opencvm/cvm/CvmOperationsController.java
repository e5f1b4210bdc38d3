package io.opencvm.cvm;

import io.opencvm.account.Caller;
import io.opencvm.api.Fields;
import io.opencvm.api.InputError;
import io.opencvm.operation.Operation;
import io.opencvm.operation.OperationQueue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A CVM's operations as users follow them: the history (newest first, by an opaque cursor), what is in progress now,
 * and cancel, which this server does not do (an operation ends by succeeding or by failing after bounded retries).
 */
@RestController
@RequestMapping("/api/v1")
class CvmOperationsController {

    private final CvmService cvms;
    private final OperationQueue operations;
    private final RecentOperations recent;

    CvmOperationsController(CvmService cvms, OperationQueue operations, RecentOperations recent) {
        this.cvms = cvms;
        this.operations = operations;
        this.recent = recent;
    }

    /** The workspace's newest operations, every CVM's (deleted ones too), newest first, by an opaque cursor. */
    @GetMapping("/workspace/operations")
    Map<String, Object> ofWorkspace(Caller caller, @RequestParam(name = "limit", required = false) String limit,
                                    @RequestParam(name = "cursor", required = false) String cursor) {
        return recentPage(recent, caller.workspaceId(), limit, cursor);
    }

    /** A page of {@link RecentOperations} as JSON; {@code workspaceId} null: every workspace's. */
    static Map<String, Object> recentPage(RecentOperations recent, Long workspaceId, String limit, String cursor) {
        Fields query = Fields.of("query");
        Long size = query.between("limit", number(query, "limit", limit), 1, 200);
        Long before = query.atLeast("cursor", number(query, "cursor", cursor), 1);
        query.throwIfAny();
        RecentOperations.Page page = recent.of(workspaceId, before, size == null ? 50 : size.intValue());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("items", page.items().stream().map(e -> OperationJson.listed(e.view(), e.operation())).toList());
        m.put("next_cursor", page.nextCursor() == null ? null : String.valueOf(page.nextCursor()));
        return m;
    }

    @GetMapping("/cvms/{cvmId}/operations")
    Map<String, Object> history(Caller caller, @PathVariable String cvmId,
                                @RequestParam(name = "limit", required = false) String limit,
                                @RequestParam(name = "cursor", required = false) String cursor) {
        Fields query = Fields.of("query");
        Long size = query.between("limit", number(query, "limit", limit), 1, 500);
        Long before = query.atLeast("cursor", number(query, "cursor", cursor), 1);
        query.throwIfAny();
        CvmView view = cvms.view(caller, cvmId);
        int pageSize = size == null ? 50 : size.intValue();
        List<Operation> page = operations.history(view.cvm().id(), before, pageSize + 1);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("items", page.stream().limit(pageSize).map(op -> OperationJson.entry(view, op)).toList());
        m.put("next_cursor", page.size() > pageSize ? String.valueOf(page.get(pageSize - 1).id()) : null);
        m.put("total", operations.count(view.cvm().id()));
        return m;
    }

    @GetMapping("/cvms/{cvmId}/operation-status")
    Map<String, Object> status(Caller caller, @PathVariable String cvmId) {
        CvmView view = cvms.view(caller, cvmId);
        return OperationJson.status(view, operations.latestFor(view.cvm().id()).orElse(null));
    }

    @PostMapping("/cvms/{cvmId}/operations/cancel")
    Map<String, Object> cancel(Caller caller, @PathVariable String cvmId) {
        CvmView view = cvms.view(caller, cvmId);
        Operation latest = operations.latestFor(view.cvm().id()).filter(Operation::inFlight).orElse(null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cancelled", false);
        m.put("correlation_id", latest == null ? null : latest.publicId());
        m.put("reason", latest == null ? "No operation is in progress"
                : "Operations are not cancelled here: each ends by succeeding or by failing after its bounded retries; "
                + "ask for the opposite action (e.g. stop after start) once it has ended");
        return m;
    }

    private static Long number(Fields query, String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            query.add(field, InputError.INT_PARSING, value);
            return null;
        }
    }
}
