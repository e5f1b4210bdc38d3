package io.opencvm.operation;

import java.time.Instant;

/**
 * One operation row: what it does to which CVM at which generation, where it is ({@code state}), who asked
 * ({@code triggeredBy}), who holds it ({@code claim}), how its attempts have gone ({@code attempts}) and when.
 * {@code publicId} is the correlation id clients see. Built from its row in one place ({@code OperationStore}).
 */
public record Operation(long id, String publicId, long cvmId, OperationKind kind, int generation, OperationState state,
                        String triggeredBy, Claim claim, Attempts attempts, Times times) {

    /**
     * The worker holding the operation and until when; {@code fence} is bumped by every claim, and every write of
     * a worker is conditional on the fence it claimed with.
     */
    public record Claim(String owner, Instant until, long fence) {
    }

    /**
     * How many attempts were made, when the next is due, why the last one failed, and how many of the attempts
     * only waited for an earlier one's outcome ({@link Outcome.Wait}; they do not use up the retry budget).
     */
    public record Attempts(int made, Instant nextRunAt, String lastError, int waits) {

        public Attempts(int made, Instant nextRunAt, String lastError) {
            this(made, nextRunAt, lastError, 0);
        }

        /** The attempts that count against the retry budget. */
        public int failed() {
            return made - waits;
        }
    }

    public record Times(Instant createdAt, Instant updatedAt, Instant finishedAt) {
    }

    public boolean inFlight() {
        return state.inFlight();
    }
}
