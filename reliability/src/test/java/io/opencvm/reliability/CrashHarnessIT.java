package io.opencvm.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The crash harness: SIGKILL of the server under concurrent replicate and delete requests, restarted each time on
 * the same PostgreSQL database, with the nodes in their own process; afterwards nothing is lost, doubled, half done
 * or leaked. {@code mvn verify} runs the short version; {@code bin/crash-test} the long one (see
 * {@code docs/reliability.md}). The seed is printed first, so a failure can be replayed.
 */
class CrashHarnessIT {

    @Test
    void killingTheServerAtRandomMomentsLosesLeaksAndDoublesNothing() throws InterruptedException {
        CrashSettings settings = CrashSettings.fromSystemProperties();

        CrashRun.Report report = CrashRun.run(settings);

        System.out.println(report.summary());
        assertThat(report.kills()).hasSizeGreaterThanOrEqualTo(settings.kills());
        assertThat(report.requestsSent()).isGreaterThanOrEqualTo(settings.requests());
        assertThat(report.violations()).as("seed %d; replay with %s", settings.seed(), settings.replayCommand())
                .isEmpty();
    }
}
