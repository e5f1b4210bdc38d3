package io.opencvm.cvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the reconciler records when dstack-vmm re-adopts a live VM after its own restart (boot progress "running"). */
class ReadoptedVmObservationTest {

    private static final String INSTANCE = "b7e1c0ffee00112233445566778899aabbccddee";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Observation node(String progress, String instance, Instant at) {
        return new Observation("running", progress, null, instance, "1m", null, at);
    }

    @Test
    void aBootedGuestReadoptedByARestartedVmmStaysReady() {
        Observation before = node("done", INSTANCE, T0);
        Observation now = node("running", INSTANCE, T0.plusSeconds(5));

        Observation recorded = CvmReconciler.remembered(now, before);

        assertThat(recorded.bootProgress()).isEqualTo("done");
        assertThat(recorded.ready()).isTrue();
        assertThat(recorded.observedAt()).isEqualTo(now.observedAt());
        assertThat(CvmStatusRule.derive(DesiredState.RUNNING, true, recorded, null)).isEqualTo(CvmStatus.RUNNING);
    }

    @Test
    void aGuestReadoptedMidBootKeepsTheStepItHadReachedAndIsNotReady() {
        Observation recorded = CvmReconciler.remembered(node("running", INSTANCE, T0.plusSeconds(5)),
                node("setting up docker", INSTANCE, T0));

        assertThat(recorded.bootProgress()).isEqualTo("setting up docker");
        assertThat(recorded.ready()).isFalse();
    }

    @Test
    void anotherInstanceOrAFirstSightingIsRecordedAsTheNodeReportsIt() {
        Observation now = node("running", INSTANCE, T0.plusSeconds(5));

        assertThat(CvmReconciler.remembered(now, node("done", "another0000000000000000000000000000000000", T0)))
                .isEqualTo(now);
        assertThat(CvmReconciler.remembered(now, Observation.NONE)).isEqualTo(now);
        assertThat(CvmReconciler.remembered(now, Observation.NONE).ready()).isFalse();
    }

    @Test
    void aFreshBootGoesThroughItsRealProgress() {
        Observation booting = node("booting", null, T0.plusSeconds(5));

        assertThat(CvmReconciler.remembered(booting, node("done", INSTANCE, T0))).isEqualTo(booting);
    }
}
