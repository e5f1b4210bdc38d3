package io.opencvm.vmmsim.guest;

import io.opencvm.vmmsim.prpc.StreamRoute;
import java.io.IOException;
import java.util.function.Function;

/**
 * Follows one log for a streamed response and always ends: when the log's producer stops (VM or container
 * down) or the VM is removed, when the client has gone (the next write fails), after the idle limit (with
 * {@code heartbeat == null}) or at the stream's maximum duration.
 */
final class Follower {

    private final LogChannel channel;
    private final StreamLimits limits;
    private final StreamRoute.Sink sink;

    Follower(LogChannel channel, StreamLimits limits, StreamRoute.Sink sink) {
        this.channel = channel;
        this.limits = limits;
        this.sink = sink;
    }

    /**
     * @param idleMillis how long to wait for a line before writing {@code heartbeat}, or ending when it is null
     */
    void follow(long from, Function<LogLine, String> render, long idleMillis, String heartbeat)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limits.maxDuration().toNanos();
        long next = from;
        while (System.nanoTime() < deadline) {
            long wait = Math.min(idleMillis, Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
            LogChannel.Batch batch = channel.after(next, wait);
            if (batch.ended()) {
                return;
            }
            if (batch.lines().isEmpty()) {
                if (heartbeat == null) {
                    return;
                }
                sink.send(heartbeat);
                continue;
            }
            for (LogLine line : batch.lines()) {
                sink.send(render.apply(line));
                next = line.seq() + 1;
            }
        }
    }
}
