package io.opencvm.update;

import io.opencvm.api.Tenancy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An update of every instance of an app, one at a time: the revision they move to ({@code composeHash}, and the env
 * when one was given, else each keeps its own), where it is ({@code state}, {@code reason} when it halted) and its
 * instances in order. Built from its rows in one place ({@code RolloutStore}).
 */
record Rollout(long id, String publicId, long workspaceId, long appPk, RolloutState state, String composeHash,
               String encryptedEnv, boolean cancelRequested, String reason, String triggeredBy, Long userId,
               Instant createdAt, Instant updatedAt, Instant finishedAt, List<RolloutStep> steps)
        implements Tenancy.Owned {

    /** The instance being updated, if any (never more than one). */
    Optional<RolloutStep> updating() {
        return steps.stream().filter(s -> s.state() == StepState.UPDATING).findFirst();
    }

    /** The first instance not started yet. */
    Optional<RolloutStep> nextPending() {
        return steps.stream().filter(s -> s.state() == StepState.PENDING).findFirst();
    }

    @Override
    public String toString() {
        return "Rollout[" + publicId + " " + state.wire() + " " + composeHash + "]"; // never the encrypted env
    }
}
