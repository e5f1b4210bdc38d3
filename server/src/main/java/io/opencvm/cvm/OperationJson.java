package io.opencvm.cvm;

import io.opencvm.operation.Operation;
import io.opencvm.operation.OperationKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON of a CVM's operations: {@code CvmOperationResponse} entries and the in-progress status. */
final class OperationJson {

    private OperationJson() {
    }

    static Map<String, Object> entry(CvmView view, Operation op) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("correlation_id", op.publicId());
        m.put("operation_type", type(op.kind()));
        m.put("target_state", target(view, op.kind()));
        m.put("triggered_by", view.owner().userId());
        m.put("triggered_by_username", op.triggeredBy());
        m.put("triggered_by_email", null);
        m.put("started_at", op.times().createdAt().toString());
        m.put("completed_at", op.times().finishedAt() == null ? null : op.times().finishedAt().toString());
        m.put("duration_ms", op.times().finishedAt() == null ? null
                : Duration.between(op.times().createdAt(), op.times().finishedAt()).toMillis());
        m.put("status", status(op));
        m.put("error_message", op.attempts().lastError());
        m.put("sub_operations", List.of(op.kind().wire()));
        m.put("events", events(op));
        m.put("instance_name", view.cvm().name());
        m.put("compose_hash", view.cvm().composeHash());
        return m;
    }

    /** An entry of a list across CVMs: {@link #entry} plus which CVM, its workspace and the attempts so far. */
    static Map<String, Object> listed(CvmView view, Operation op) {
        Map<String, Object> m = entry(view, op);
        m.put("vm_uuid", view.cvm().vmUuid());
        m.put("cvm_status", view.cvm().status().wire());
        m.put("workspace", view.owner().workspaceSlug());
        m.put("attempts", op.attempts().made());
        m.put("next_attempt_at", op.inFlight() && op.attempts().nextRunAt() != null
                ? op.attempts().nextRunAt().toString() : null);
        return m;
    }

    static Map<String, Object> status(CvmView view, Operation op) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cvm_id", view.cvm().publicId());
        m.put("status", view.cvm().status().wire());
        m.put("in_progress", op != null && op.inFlight());
        m.put("correlation_id", op == null ? null : op.publicId());
        m.put("operation_type", op == null ? null : type(op.kind()));
        m.put("operation_status", op == null ? null : status(op));
        m.put("target_state", op == null ? null : target(view, op.kind()));
        m.put("started_at", op == null ? null : op.times().createdAt().toString());
        m.put("attempts", op == null ? 0 : op.attempts().made());
        m.put("next_attempt_at", op == null || !op.inFlight() || op.attempts().nextRunAt() == null ? null
                : op.attempts().nextRunAt().toString());
        m.put("error_message", op == null ? null : op.attempts().lastError());
        return m;
    }

    private static String status(Operation op) {
        return switch (op.state()) {
            case PENDING, RUNNING -> "in_progress";
            case SUCCEEDED -> "completed";
            case FAILED -> "failed";
        };
    }

    private static List<Map<String, Object>> events(Operation op) {
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(event("instance." + type(op.kind()) + ".start", op.times().createdAt().toString(), "in_progress"));
        if (op.times().finishedAt() != null) {
            events.add(event("instance." + type(op.kind()) + "." + (status(op).equals("failed") ? "failed" : "complete"),
                    op.times().finishedAt().toString(), status(op)));
        }
        return events;
    }

    private static Map<String, Object> event(String type, String at, String state) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event_type", type);
        m.put("timestamp", at);
        m.put("state", state);
        return m;
    }

    private static String type(OperationKind kind) {
        return switch (kind) {
            case CREATE -> "create";
            case START -> "power_on";
            case STOP -> "power_off";
            case SHUTDOWN -> "shutdown";
            case RESTART -> "restart";
            case DELETE -> "delete";
            case UPDATE -> "update";
        };
    }

    private static String target(CvmView view, OperationKind kind) {
        return switch (kind) {
            case CREATE, START, RESTART -> "running";
            case STOP, SHUTDOWN -> "stopped";
            case DELETE -> "deleted";
            case UPDATE -> view.cvm().state().desired() == DesiredState.STOPPED ? "stopped" : "running";
        };
    }
}
