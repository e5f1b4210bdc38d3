package io.opencvm.reliability;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * One crash run's parameters; the seed decides every client's choices and every kill moment, so a failing run can
 * be replayed with the same seed. From system properties ({@code crash.seed}, {@code crash.requests},
 * {@code crash.kills}, {@code crash.clients}, {@code crash.max-uptime-ms}, {@code crash.deadline-s}); the defaults
 * are the short run of {@code mvn verify}.
 *
 * @param requests requests that reached the server (answered or not) before the run may end
 * @param kills kill -9 of the server before the run may end
 * @param minUptime, maxUptime each kill comes a random time in this range after the server became ready
 */
record CrashSettings(long seed, int requests, int kills, int clients, Duration minUptime, Duration maxUptime,
        Duration deadline) {

    static CrashSettings fromSystemProperties() {
        String seed = System.getProperty("crash.seed", "");
        return new CrashSettings(seed.isBlank() ? new SplittableRandom().nextLong(1, Long.MAX_VALUE) : Long.parseLong(seed),
                Integer.getInteger("crash.requests", 150), Integer.getInteger("crash.kills", 3),
                Integer.getInteger("crash.clients", 6), Duration.ofMillis(Integer.getInteger("crash.min-uptime-ms", 300)),
                Duration.ofMillis(Integer.getInteger("crash.max-uptime-ms", 3000)),
                Duration.ofSeconds(Integer.getInteger("crash.deadline-s", 420)));
    }

    /** The command that repeats this run. */
    String replayCommand() {
        return "bin/crash-test --seed " + seed + " --requests " + requests + " --kills " + kills + " --clients "
                + clients;
    }
}
