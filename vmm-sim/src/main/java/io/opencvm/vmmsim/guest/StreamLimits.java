package io.opencvm.vmmsim.guest;

import java.time.Duration;

/**
 * Bounds of streamed logs, in wall-clock time because they guard threads, not simulated behaviour.
 *
 * @param maxStreams streams open at once per listener; one more is answered 503
 * @param heartbeat after this long without a line, {@code GET /logs?follow=true} writes dstack-vmm's
 *                  {@code [vmm heartbeat]} line (which also notices a client that has gone)
 * @param idleTimeout container logs end after this long without a line, as the guest agent's do (600 s)
 * @param maxDuration no stream lives longer than this, whatever happens
 */
public record StreamLimits(int maxStreams, Duration heartbeat, Duration idleTimeout, Duration maxDuration) {

    public static StreamLimits defaults() {
        return new StreamLimits(32, Duration.ofSeconds(60), Duration.ofSeconds(600), Duration.ofMinutes(30));
    }
}
