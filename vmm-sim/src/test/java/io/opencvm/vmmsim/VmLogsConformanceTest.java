package io.opencvm.vmmsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET /logs}: the serial console and QEMU's stdout/stderr as dstack-vmm serves them, driven by sim time. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VmLogsConformanceTest {

    private static final String TWO_SERVICES = SimHarness.compose("shop",
            "services:\n  web:\n    image: nginx:1.27\n  cache:\n    image: redis:7\n");

    @Test
    void serialConsoleShowsTheBootInOrderWithoutColoursUnlessAsked() {
        try (SimHarness sim = new SimHarness()) {
            String id = sim.create("shop", TWO_SERVICES, Map.of());
            sim.settle();
            var response = sim.rpc.get("/logs?id=" + id);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
            assertThat(response.body().lines().toList()).containsSubsequence(
                    "[    0.000000] tdx: Guest detected",
                    "dstack-prepare.sh[412]: Requesting app keys from KMS " + sim.kms.baseUri(),
                    "dstack-prepare.sh[412]: Initializing data disk /dev/vdb (LUKS2, zfs)",
                    "dstack-prepare.sh[412]: Data disk ready at /dstack/persistent",
                    "dstack-prepare.sh[412]: Setting up dstack-gateway",
                    "[  OK  ] Started docker.service - Docker Application Container Engine.",
                    " Container dstack-web-1  Started",
                    " Container dstack-cache-1  Started",
                    "[  OK  ] Finished app-compose.service - App Compose Service.");
            assertThat(response.body()).doesNotContain("\u001b[");
            assertThat(sim.rpc.get("/logs?id=" + id + "&ansi=true").body()).contains("[\u001b[0;32m  OK  \u001b[0m]");
        }
    }

    @Test
    void linesLimitsTheTailAndTheChannelsAreSeparate() {
        try (SimHarness sim = new SimHarness()) {
            String id = sim.create("shop", TWO_SERVICES, Map.of());
            sim.settle();
            List<String> all = sim.rpc.get("/logs?id=" + id + "&ch=serial").body().lines().toList();
            assertThat(sim.rpc.get("/logs?id=" + id + "&lines=3").body().lines().toList())
                    .containsExactlyElementsOf(all.subList(all.size() - 3, all.size()));
            assertThat(sim.rpc.get("/logs?id=" + id + "&lines=0").body()).isEmpty();
            assertThat(sim.rpc.get("/logs?id=" + id + "&ch=stdout").body())
                    .isEqualTo("QEMU 9.1.0 monitor - type 'help' for more information\n");
            assertThat(sim.rpc.get("/logs?id=" + id + "&ch=stderr").body()).isEmpty();

            sim.rpc.call("StopVm", Map.of("id", id));
            assertThat(sim.rpc.get("/logs?id=" + id + "&ch=stderr").body())
                    .startsWith("qemu-system-x86_64: terminating on signal 15 from pid");
        }
    }

    @Test
    void theConsoleKeepsGrowingWhileTheVmRunsAndStopsWhenItStops() {
        try (SimHarness sim = new SimHarness()) {
            String id = sim.create("shop", TWO_SERVICES, Map.of());
            sim.settle();
            int booted = lineCount(sim, id);
            sim.advance(Duration.ofMinutes(5));
            int fiveMinutesLater = lineCount(sim, id);
            assertThat(fiveMinutesLater).isEqualTo(booted + 5);

            sim.rpc.call("StopVm", Map.of("id", id));
            sim.advance(Duration.ofMinutes(5));
            assertThat(lineCount(sim, id)).isEqualTo(fiveMinutesLater);
        }
    }

    @Test
    void followStreamsTheBootAsItHappensAndEndsWhenTheVmStops() {
        try (SimHarness sim = new SimHarness()) {
            String id = sim.create("shop", TWO_SERVICES, Map.of());
            try (HttpLines follow = HttpLines.open(uri(sim, "/logs?id=" + id + "&follow=true&lines=1"))) {
                assertThat(follow.status()).isEqualTo(200);
                assertThat(follow.next()).contains("Starting dstack-prepare.service");
                sim.settle();
                List<String> boot = new ArrayList<>();
                String line;
                do {
                    line = follow.next();
                    boot.add(line);
                } while (!line.contains("Multi-User System"));
                assertThat(boot).contains(" Container dstack-web-1  Started");

                sim.advance(Duration.ofMinutes(1));
                assertThat(follow.next()).startsWith("chronyd[301]: Selected source");

                sim.rpc.call("StopVm", Map.of("id", id));
                assertThat(follow.hasNext()).isFalse();
            }
        }
    }

    @Test
    void followEndsWhenTheVmIsRemovedAndAtOnceForAStoppedVm() {
        try (SimHarness sim = new SimHarness()) {
            String id = sim.create("shop", TWO_SERVICES, Map.of());
            sim.settle();
            try (HttpLines follow = HttpLines.open(uri(sim, "/logs?id=" + id + "&follow&lines=1"))) {
                assertThat(follow.next()).isNotEmpty();
                sim.rpc.call("RemoveVm", Map.of("id", id));
                sim.settle();
                assertThat(follow.hasNext()).isFalse();
            }
            String stopped = sim.create("idle", TWO_SERVICES, Map.of("stopped", true));
            assertThat(sim.rpc.get("/logs?id=" + stopped + "&follow=true").body()).isEmpty();
        }
    }

    @Test
    void badRequestsGetDstackVmmsAnswers() {
        try (SimHarness sim = new SimHarness()) {
            String id = sim.create("shop", TWO_SERVICES, Map.of());
            sim.settle();
            assertThat(sim.rpc.get("/logs?id=no-such-vm")).satisfies(r -> {
                assertThat(r.statusCode()).isEqualTo(404);
                assertThat(r.body()).isEqualTo("VM not found");
            });
            assertThat(sim.rpc.get("/logs").statusCode()).isEqualTo(404);
            assertThat(sim.rpc.get("/logs?id=" + id + "&ch=console")).satisfies(r -> {
                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(r.body()).isEqualTo("Unknown channel console");
            });
            assertThat(sim.rpc.get("/logs?id=" + id + "&follow=maybe").statusCode()).isEqualTo(422);
            assertThat(sim.rpc.get("/logs?id=" + id + "&lines=-1").statusCode()).isEqualTo(422);
        }
    }

    private static int lineCount(SimHarness sim, String id) {
        return (int) sim.rpc.get("/logs?id=" + id).body().lines().count();
    }

    private static URI uri(SimHarness sim, String pathAndQuery) {
        return sim.node.baseUri().resolve(pathAndQuery);
    }
}
