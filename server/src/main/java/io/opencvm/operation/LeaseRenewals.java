package io.opencvm.operation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases this process holds while their handlers run. A node call may outlast the lease it was claimed
 * with (a slow CreateVm, a node under load); without renewal another instance would take the operation over
 * while the first call is still in flight and could make a second VM. A live holder therefore extends every
 * lease it holds well before it ends; a holder that is dead or frozen stops renewing, and its leases end as
 * before. A renewal that finds the fence moved drops the lease: the holder's next write fails on its fence.
 */
final class LeaseRenewals {

    private static final Logger log = LoggerFactory.getLogger(LeaseRenewals.class);

    private final OperationStore store;
    private final Clock clock;
    private final Duration leaseDuration;
    private final Map<Long, Lease> held = new ConcurrentHashMap<>();

    LeaseRenewals(OperationStore store, Clock clock, Duration leaseDuration) {
        this.store = store;
        this.clock = clock;
        this.leaseDuration = leaseDuration;
    }

    void hold(long operationId, Lease lease) {
        held.put(operationId, lease);
    }

    void release(long operationId) {
        held.remove(operationId);
    }

    int size() {
        return held.size();
    }

    Duration leaseDuration() {
        return leaseDuration;
    }

    /** How often {@link #renewAll} should run: three renewals fit in one lease, so one slow renewal costs nothing. */
    Duration interval() {
        return leaseDuration.dividedBy(3);
    }

    /**
     * Gives every held operation back to the queue at once (the process is stopping): another instance may claim
     * it straight away instead of waiting for the lease to end. Returns how many were handed back; the holders'
     * later writes fail on their fence.
     */
    int handBackAll() {
        int handed = 0;
        for (Map.Entry<Long, Lease> e : held.entrySet()) {
            Lease lease = e.getValue();
            try {
                handed += store.handBack(e.getKey(), lease.owner(), lease.fence(), clock.instant());
            } catch (RuntimeException ex) {
                log.warn("operation {}: could not hand the lease back: {}", e.getKey(), ex.toString());
            }
            held.remove(e.getKey(), lease);
        }
        return handed;
    }

    /** Extends every held lease to a full lease from now; drops those another worker has taken over. */
    void renewAll() {
        for (Map.Entry<Long, Lease> e : held.entrySet()) {
            Lease lease = e.getValue();
            Instant now = clock.instant();
            try {
                if (store.renew(e.getKey(), lease.owner(), lease.fence(), now.plus(leaseDuration), now) == 0) {
                    held.remove(e.getKey(), lease);
                    log.warn("operation {}: lease with fence {} was taken over; not renewed", e.getKey(), lease.fence());
                }
            } catch (RuntimeException ex) {
                // The database may be briefly unreachable; the next round tries again while the lease still runs.
                log.warn("operation {}: lease renewal failed: {}", e.getKey(), ex.toString());
            }
        }
    }
}
