package io.opencvm.update;

import java.time.Instant;

/**
 * One instance of a rollout, at place {@code seq} (1 first): the CVM, the compose hash it ran before, how its update
 * went ({@code operationId}/{@code operationPublicId} once started; {@code reason} when it failed) and when.
 */
record RolloutStep(int seq, long cvmId, String vmUuid, String cvmName, String previousComposeHash, StepState state,
                   Long operationId, String operationPublicId, String reason, Instant startedAt, Instant finishedAt) {
}
