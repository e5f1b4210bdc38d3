package io.opencvm.update;

import io.opencvm.operation.PollingThreads;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The thread that advances rollouts ({@code opencvm.rollouts.workers}, default 1; 0 turns it off), on the operation
 * workers' {@link PollingThreads}: every {@code opencvm.rollouts.poll-interval} it advances the rollouts that are due.
 * An advance is one short database transaction, so stopping waits for it to end.
 */
@Component
class RolloutWorkers implements SmartLifecycle {

    private static final int MAX_PER_POLL = 100;
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final PollingThreads threads;

    RolloutWorkers(RolloutAdvance advance, @Value("${opencvm.rollouts.workers:1}") int workers) {
        this.threads = new PollingThreads("rollout", workers, advance.interval(), MAX_PER_POLL, () -> { },
                advance::runNext);
    }

    @Override
    public void start() {
        threads.start();
    }

    @Override
    public void stop() {
        if (!threads.stop(STOP_GRACE)) {
            threads.cutShort();
        }
    }

    @Override
    public boolean isRunning() {
        return threads.isRunning();
    }
}
