package io.opencvm.vmmsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.Await;
import io.opencvm.vmmsim.prpc.Json;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The transport fault switches of a node, set and cleared over {@code /test/faults} and observed over pRPC. */
class FaultSwitchesTest {

    @Test
    void addedLatencyDelaysTheNamedMethodAndEveryMethodUnderStar() {
        try (FaultyNode sim = new FaultyNode()) {
            JsonNode set = sim.setFaults("{\"latency_ms\": {\"Version\": 600}}");
            assertThat(set.get("latency_ms").get("Version").asLong()).isEqualTo(600);

            long started = System.nanoTime();
            sim.rpc.call("Version", Map.of());
            assertThat(elapsedMs(started)).isGreaterThanOrEqualTo(600);

            sim.setFaults("{\"latency_ms\": {\"*\": 400, \"Version\": 0}}");
            started = System.nanoTime();
            sim.rpc.call("GetMeta", Map.of());
            assertThat(elapsedMs(started)).as("GetMeta falls under *").isGreaterThanOrEqualTo(400);

            sim.clearFaults();
            assertThat(sim.faults().get("latency_ms").size()).isZero();
        }
    }

    @Test
    void anErrorAnswerIsPrpcsHttp400WithTheGivenTextForTheGivenNumberOfCallsAndCreatesNothing() {
        try (FaultyNode sim = new FaultyNode()) {
            sim.setFaults("{\"errors\": {\"CreateVm\": {\"status\": 400, \"error\": \"Failed to load VM: disk full\","
                    + " \"times\": 2}}}");

            HttpResponse<String> first = sim.rpc.post("/prpc/CreateVm?json",
                    Json.MAPPER.writeValueAsString(SimHarness.vm("e1", SimHarness.COMPOSE, Map.of())));
            String second = sim.rpc.callFails("CreateVm", SimHarness.vm("e2", SimHarness.COMPOSE, Map.of()));

            assertThat(first.statusCode()).isEqualTo(400);
            assertThat(first.body()).isEqualTo("{\n  \"error\": \"Failed to load VM: disk full\"\n}");
            assertThat(second).isEqualTo("Failed to load VM: disk full");
            assertThat(sim.vmCount()).as("refused creates made no VM").isZero();
            assertThat(sim.faults().get("errors").size()).as("used up after two calls").isZero();
            sim.create("e3");
            assertThat(sim.vmCount()).isEqualTo(1);
        }
    }

    @Test
    void aServerErrorIsHttp500WithAPlainBodyUntilCleared() {
        try (FaultyNode sim = new FaultyNode()) {
            sim.setFaults("{\"errors\": {\"*\": {\"status\": 500}}}");

            HttpResponse<String> status = sim.rpc.post("/prpc/Status?json", "{}");
            HttpResponse<String> version = sim.rpc.post("/prpc/Version?json", "{}");

            assertThat(status.statusCode()).isEqualTo(500);
            assertThat(status.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct)
                    .startsWith("text/plain"));
            assertThat(status.body()).isEqualTo("500 Internal Server Error");
            assertThat(version.statusCode()).isEqualTo(500);
            sim.clearFaults();
            assertThat(sim.rpc.post("/prpc/Status?json", "{}").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aHangOutlastsTheClientTimeoutAndTheHeldCallRunsWhenCleared() {
        try (FaultyNode sim = new FaultyNode()) {
            sim.setFaults("{\"hang\": {\"CreateVm\": {}}}");

            Object answer = sim.callWithTimeout("CreateVm", SimHarness.vm("h", SimHarness.COMPOSE, Map.of()),
                    Duration.ofMillis(500));

            assertThat(answer).isInstanceOf(HttpTimeoutException.class);
            assertThat(sim.vmCount()).as("held before it ran: nothing created yet").isZero();
            assertThat(sim.rpc.call("Version", Map.of()).has("version")).as("other methods still answer").isTrue();
            sim.clearFaults();
            assertThat(Await.until(sim::vmCount, n -> n == 1)).as("a stuck VMM works through its backlog").isEqualTo(1);
        }
    }

    @Test
    void aHangAfterTheEffectLeavesTheVmCreatedWhileTheClientHearsNothing() {
        try (FaultyNode sim = new FaultyNode()) {
            sim.setFaults("{\"hang\": {\"CreateVm\": {\"after_effect\": true, \"max_ms\": 60000}}}");

            Object answer = sim.callWithTimeout("CreateVm", SimHarness.vm("a", SimHarness.COMPOSE, Map.of()),
                    Duration.ofMillis(500));

            assertThat(answer).isInstanceOf(HttpTimeoutException.class);
            assertThat(Await.until(sim::vmCount, n -> n == 1)).isEqualTo(1);
            assertThat(sim.faults().get("hang").get("CreateVm").get("max_ms").asLong()).isEqualTo(60000);
        }
    }

    @Test
    void aSlowBodySendsTheHeadersAtOnceAndTricklesTheReply() throws Exception {
        try (FaultyNode sim = new FaultyNode()) {
            String fast = sim.rpc.post("/prpc/Version?json", "{}").body();
            sim.setFaults("{\"slow_body\": {\"Version\": {\"bytes_per_second\": 40}}}");
            HttpClient http = HttpClient.newHttpClient();

            long started = System.nanoTime();
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(
                    sim.node.baseUri().resolve("/prpc/Version?json")).POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofInputStream());
            long headersMs = elapsedMs(started);
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            long wholeMs = elapsedMs(started);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(body).isEqualTo(fast);
            assertThat(wholeMs).as("%d bytes at 40 B/s", fast.length()).isGreaterThanOrEqualTo(fast.length() * 1000L / 40 - 300);
            assertThat(wholeMs - headersMs).as("the body, not the headers, is slow").isGreaterThan(headersMs);
        }
    }

    @Test
    void callsAreCountedPerMethodAndTheCountStartsAgainOnDelete() {
        try (FaultyNode sim = new FaultyNode()) {
            sim.rpc.call("GetMeta", Map.of());
            sim.rpc.call("GetMeta", Map.of());
            sim.rpc.call("Status", Map.of());

            JsonNode calls = FaultyNode.json(sim.test(sim.node.baseUri(), "GET", "calls", null));
            assertThat(calls.get("calls").get("GetMeta").asLong()).isEqualTo(2);
            assertThat(calls.get("calls").get("Status").asLong()).isEqualTo(1);
            assertThat(calls.get("now_ms").asLong()).isGreaterThanOrEqualTo(calls.get("since_ms").asLong());
            assertThat(sim.node.faults().calls().snapshot().of("GetMeta")).isEqualTo(2);

            JsonNode reset = FaultyNode.json(sim.test(sim.node.baseUri(), "DELETE", "calls", null));
            assertThat(reset.get("calls").size()).isZero();
        }
    }

    @Test
    void putReplacesEverySwitchPostKeepsTheOthersAndNullTurnsOneOff() {
        try (FaultyNode sim = new FaultyNode()) {
            sim.setFaults("{\"latency_ms\": {\"Status\": 5}, \"boot_error\": \"x\"}");
            JsonNode merged = sim.setFaults("{\"cid_pool_exhausted\": true, \"boot_error\": null}");
            assertThat(merged.get("latency_ms").get("Status").asLong()).isEqualTo(5);
            assertThat(merged.get("cid_pool_exhausted").asBoolean()).isTrue();
            assertThat(merged.get("boot_error").isNull()).isTrue();

            JsonNode replaced = FaultyNode.json(sim.test(sim.node.baseUri(), "PUT", "faults",
                    "{\"refuse_connections\": false, \"errors\": {\"Status\": {\"status\": 500}}}"));
            assertThat(replaced.get("latency_ms").size()).isZero();
            assertThat(replaced.get("cid_pool_exhausted").asBoolean()).isFalse();
            assertThat(replaced.get("errors").get("Status").get("status").asInt()).isEqualTo(500);
        }
    }

    @Test
    void badFaultDocumentsAreRefusedWith400AndChangeNothing() {
        try (FaultyNode sim = new FaultyNode()) {
            sim.setFaults("{\"latency_ms\": {\"Status\": 5}}");
            String before = sim.faults().toString();

            for (String bad : new String[] {"{\"latncy_ms\": {}}", "{\"errors\": {\"Status\": {\"status\": 418}}}",
                    "{\"errors\": {\"Status\": {\"status\": 400}}}", "{\"latency_ms\": {\"Status\": -1}}",
                    "{\"latency_ms\": {\"no such/method\": 1}}", "[1]", "not json",
                    "{\"slow_body\": {\"Status\": {\"bytes_per_second\": 0}}}"}) {
                HttpResponse<String> answer = sim.test(sim.node.baseUri(), "POST", "faults", bad);
                assertThat(answer.statusCode()).as(bad).isEqualTo(400);
                assertThat(FaultyNode.json(sim.test(sim.node.baseUri(), "GET", "faults", null)).toString())
                        .as("nothing changed after %s", bad).isEqualTo(before);
                assertThat(answer.body()).as(bad).contains("\"error\"");
            }
            assertThat(sim.test(sim.node.baseUri(), "PATCH", "faults", "{}").statusCode()).isEqualTo(405);
        }
    }

    @Test
    void theTestRoutesAreServedOnlyWithTestHooks() {
        try (FaultyNode sim = new FaultyNode(b -> b.testHooks(false))) {
            assertThat(sim.test(sim.node.baseUri(), "GET", "faults", null).statusCode()).isEqualTo(404);
            assertThat(sim.test(sim.node.baseUri(), "DELETE", "calls", null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void refusedConnectionsComeBackOnTheSamePortWhenClearedThroughTheControlListener() {
        try (FaultyNode sim = new FaultyNode();
             ControlListener control = ControlListener.start(0, Map.of("node-f", sim.node), Map.of("kms", sim.kms))) {
            CompletableFuture<Object> held = CompletableFuture.supplyAsync(() ->
                    sim.callWithTimeout("Status", Map.of(), Duration.ofSeconds(20)));
            sim.setFaults("{\"hang\": {\"Status\": {}}}");
            sim.setFaults("{\"refuse_connections\": true}");

            assertThat(Await.until(sim::refuses, refused -> refused)).as("closed right after the answer").isTrue();
            JsonNode state = FaultyNode.json(sim.test(control.baseUri(), "GET", "nodes/node-f/faults", null));
            assertThat(state.get("refuse_connections").asBoolean()).isTrue();
            FaultyNode.json(sim.test(control.baseUri(), "DELETE", "nodes/node-f/faults", null));

            assertThat(sim.refuses()).as("open again once the control listener answered").isFalse();
            assertThat(sim.rpc.call("Version", Map.of()).get("version").asString()).isEqualTo("0.5.4");
            assertThat(held.join()).as("calls open when the port closed did not hang on").isNotNull();
            assertThat(sim.test(control.baseUri(), "GET", "nodes/nobody/faults", null).statusCode()).isEqualTo(404);
        }
    }

    private static long elapsedMs(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }
}
