package io.opencvm.cvm;

import java.time.Instant;

/**
 * What the node last reported about a CVM's VM; only the reconciler writes it. {@code nodeStatus} is
 * dstack's status string ({@code running}, {@code exited}, {@code stopping}, {@code stopped},
 * {@code removing}) or {@link #ABSENT} when the node no longer has the VM; null when never observed.
 */
public record Observation(String nodeStatus, String bootProgress, String bootError, String instanceId,
                          String uptime, String appUrl, Instant observedAt) {

    public static final String ABSENT = "absent";

    public static final Observation NONE = new Observation(null, null, null, null, null, null, null);

    public boolean hasBootError() {
        return bootError != null && !bootError.isEmpty();
    }

    /** dstack's readiness rule: running, boot done, an instance id, no boot error. */
    public boolean ready() {
        return "running".equals(nodeStatus) && "done".equals(bootProgress) && instanceId != null
                && !instanceId.isEmpty() && !hasBootError();
    }
}
