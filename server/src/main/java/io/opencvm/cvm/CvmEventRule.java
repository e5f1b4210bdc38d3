package io.opencvm.cvm;

import io.opencvm.operation.OperationKind;
import io.opencvm.webhook.WebhookEventType;
import java.util.Optional;

/**
 * Which webhook event a status move reports, as one pure function of the move and the kind of the CVM's newest
 * operation (what set the move in motion). A new operation kind must be placed here (the switch is exhaustive),
 * so a flow that changes CVMs through {@link CvmLifecycle} emits its events without code of its own.
 */
final class CvmEventRule {

    private CvmEventRule() {
    }

    static Optional<WebhookEventType> eventFor(CvmStatus from, CvmStatus to, OperationKind latest) {
        if (from == to) {
            return Optional.empty();
        }
        return switch (to) {
            case RUNNING -> Optional.of(reachedRunning(latest));
            case STOPPED -> Optional.of(WebhookEventType.CVM_STOPPED);
            case DELETED -> Optional.of(WebhookEventType.CVM_DELETED);
            case FAILED -> latest == OperationKind.CREATE || from == CvmStatus.PROVISIONING
                    ? Optional.of(WebhookEventType.CVM_CREATE_FAILED) : Optional.empty();
            case PROVISIONING, STARTING, STOPPING, RESTARTING, DELETING -> Optional.empty();
        };
    }

    private static WebhookEventType reachedRunning(OperationKind latest) {
        if (latest == null) {
            return WebhookEventType.CVM_STARTED;
        }
        return switch (latest) {
            case CREATE, START, STOP, SHUTDOWN, DELETE -> WebhookEventType.CVM_STARTED;
            case RESTART -> WebhookEventType.CVM_RESTARTED;
            case UPDATE -> WebhookEventType.CVM_UPDATED;
        };
    }
}
