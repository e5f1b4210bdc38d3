package io.opencvm.cvm;

import io.opencvm.node.NodeService;
import io.opencvm.operation.OperationQueue;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a CVM's status: derives it from the row and its newest operation with {@link CvmStatusRule},
 * moves it through the state machine (compare-and-set on the old status), and on reaching
 * {@code deleted} releases the node capacity exactly once; every move records its webhook event (if any, see
 * {@link CvmEventRule}) in the same transaction. The API, the operation handler and the reconciler all call
 * this after they change one of the inputs.
 */
@Component
class CvmLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CvmLifecycle.class);

    private final CvmStore store;
    private final OperationQueue operations;
    private final NodeService nodes;
    private final CvmEvents events;
    private final Clock clock;

    CvmLifecycle(CvmStore store, OperationQueue operations, NodeService nodes, CvmEvents events, Clock clock) {
        this.store = store;
        this.operations = operations;
        this.nodes = nodes;
        this.events = events;
        this.clock = clock;
    }

    /**
     * A new CVM's row was just inserted as {@code inserted}: records {@code cvm.created}. Its status needs no
     * deriving: provisioning, with its create operation pending, is what {@link CvmStatusRule} gives (no move,
     * no other event).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Cvm created(Cvm inserted) {
        events.created(inserted);
        return inserted;
    }

    /** Re-derives and stores the CVM's status inside the caller's transaction; returns the row as it now is. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Cvm refresh(long cvmId, String cause) {
        Cvm cvm = store.find(cvmId).orElseThrow();
        OperationView latest = operations.latestFor(cvmId).map(OperationView::of).orElse(null);
        CvmStatus derived = CvmStatusRule.derive(cvm.state().desired(), cvm.placement().nodeVmId() != null, cvm.state().observed(), latest);
        if (derived == cvm.status()) {
            return cvm;
        }
        CvmStatus target;
        try {
            target = cvm.status().moveTo(derived);
        } catch (CvmStatus.IllegalTransition e) {
            log.warn("cvm {} ({}): {} ({}); status left at {}", cvm.name(), cvm.vmUuid(), e.getMessage(), cause,
                    cvm.status().wire());
            return cvm;
        }
        Instant now = clock.instant();
        if (store.moveStatus(cvmId, cvm.status(), target, now) == 0) {
            return store.find(cvmId).orElseThrow();
        }
        log.info("cvm {} ({}) {} -> {} ({})", cvm.name(), cvm.vmUuid(), cvm.status().wire(), target.wire(), cause);
        if (target == CvmStatus.DELETED) {
            store.markDeleted(cvmId, now);
            if (store.takeCapacityHold(cvmId)) {
                nodes.release(cvm.nodeId(), cvm.resources());
            }
        }
        Cvm moved = store.find(cvmId).orElseThrow();
        events.moved(moved, cvm.status(), target, latest);
        return moved;
    }
}
