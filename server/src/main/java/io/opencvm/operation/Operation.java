package io.opencvm.operation;

import java.time.Instant;

/**
 * One operation row. {@code publicId} is the correlation id clients see; {@code fence} is bumped by
 * every claim, and every write of a worker is conditional on the fence it claimed with.
 */
public record Operation(long id, String publicId, long cvmId, OperationKind kind, int generation,
                        OperationState state, int attempts, Instant nextRunAt, String leaseOwner, Instant leaseUntil,
                        long fence, String lastError, String triggeredBy, Instant createdAt, Instant updatedAt,
                        Instant finishedAt) {

    public boolean inFlight() {
        return state.inFlight();
    }
}
