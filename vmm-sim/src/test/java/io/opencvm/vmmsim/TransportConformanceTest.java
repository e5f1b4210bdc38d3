package io.opencvm.vmmsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.vmmsim.node.Generation;
import io.opencvm.vmmsim.prpc.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The transport of a real dstack-vmm: paths, JSON mode, encodings, error bodies, headers, auth. */
class TransportConformanceTest {

    private SimHarness sim;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void createVmWorksBareAndWithTeepodPrefixButVmmPrefixIsServiceNotFound() {
        sim = new SimHarness();
        HttpResponse<String> bare = sim.rpc.post("/prpc/CreateVm?json", json(SimHarness.vm("a", SimHarness.COMPOSE, Map.of())));
        HttpResponse<String> teepod = sim.rpc.post("/prpc/Teepod.CreateVm?json", json(SimHarness.vm("b", SimHarness.COMPOSE, Map.of())));
        HttpResponse<String> vmm = sim.rpc.post("/prpc/Vmm.CreateVm?json", json(SimHarness.vm("c", SimHarness.COMPOSE, Map.of())));

        assertThat(bare.statusCode()).isEqualTo(200);
        assertThat(bare.body()).matches("\\{\"id\":\"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\"}");
        assertThat(teepod.statusCode()).isEqualTo(200);
        assertThat(vmm.statusCode()).isEqualTo(400);
        assertThat(vmm.body()).isEqualTo("{\n  \"error\": \"Service not found: Vmm.CreateVm\"\n}");
        assertThat(sim.rpc.call("Status", "").get("total").asInt()).isEqualTo(2);
    }

    @Test
    void jsonModeIsSelectedByQueryFlagGetOrContentTypeAndEmptyBodyMeansDefaults() {
        sim = new SimHarness();
        String id = sim.create("a", Map.of());
        HttpClient http = HttpClient.newHttpClient();

        assertThat(sim.rpc.post("/prpc/Status?json=1", "").statusCode()).isEqualTo(200);
        assertThat(sim.rpc.post("/prpc/Status?json=true", "").body()).contains("\"total\":1");
        assertThat(sim.rpc.get("/prpc/GetInfo?id=" + id).body()).startsWith("{\"found\":true,");
        assertThat(sim.rpc.get("/prpc/Status?ids[0]=" + id + "&brief=true").body()).contains("\"configuration\":null");
        HttpResponse<String> byContentType = send(http, HttpRequest.newBuilder(sim.node.baseUri().resolve("/prpc/GetInfo"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"id\":\"" + id + "\",\"unknown_field\":[1,2]}")).build());
        assertThat(byContentType.statusCode()).isEqualTo(200);
        assertThat(byContentType.body()).contains("\"found\":true");
    }

    @Test
    void emptyRepliesAreNullAndEveryResponseCarriesTheAppVersionHeader() {
        sim = new SimHarness();
        String id = sim.create("a", Map.of());
        HttpResponse<String> stop = sim.rpc.post("/prpc/StopVm?json", "{\"id\":\"" + id + "\"}");
        HttpResponse<String> error = sim.rpc.post("/prpc/StopVm?json", "{\"id\":\"nope\"}");
        HttpResponse<String> notFound = sim.rpc.get("/nowhere");

        assertThat(stop.body()).isEqualTo("null");
        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(notFound.statusCode()).isEqualTo(404);
        String expected = "v0.5.4 (" + sim.node.profile().rev() + ")";
        assertThat(expected).matches("v0\\.5\\.4 \\(git:[0-9a-f]{20}\\)");
        for (HttpResponse<String> r : new HttpResponse[] {stop, error, notFound}) {
            assertThat(r.headers().firstValue("X-App-Version")).contains(expected);
        }
    }

    @Test
    void failuresAreHttp400WithPrettyErrorAndChangeNothing() {
        sim = new SimHarness();
        HttpResponse<String> badName = sim.rpc.post("/prpc/CreateVm?json", json(SimHarness.vm("bad/name", SimHarness.COMPOSE, Map.of())));
        HttpResponse<String> badJson = sim.rpc.post("/prpc/CreateVm?json", "{\"name\": 5");
        HttpResponse<String> badType = sim.rpc.post("/prpc/CreateVm?json", "{\"vcpu\": \"two\"}");

        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(badName.body()).isEqualTo("{\n  \"error\": \"Invalid name: bad/name\"\n}");
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(badType.statusCode()).isEqualTo(400);
        assertThat(sim.rpc.call("Status", "").get("total").asInt()).isZero();
    }

    @Test
    void headAuthGuardsEveryRouteAndAcceptsBearerAdminHeaderBasicAndQueryToken() {
        sim = new SimHarness(b -> b.authToken("s3cret").generation(Generation.HEAD));
        HttpResponse<String> anonymous = sim.rpc.post("/prpc/Status?json", "");

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).isEmpty();
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"dstack-vmm API\"");
        assertThat(sim.rpc.withHeaders(Map.of("Authorization", "Bearer wrong")).post("/prpc/Status?json", "").statusCode()).isEqualTo(401);
        assertThat(sim.rpc.withHeaders(Map.of("Authorization", "Bearer s3cret")).post("/prpc/Status?json", "").statusCode()).isEqualTo(200);
        assertThat(sim.rpc.withHeaders(Map.of("X-Admin-Token", "s3cret")).post("/prpc/Status?json", "").statusCode()).isEqualTo(200);
        String basic = Base64.getEncoder().encodeToString("admin:s3cret".getBytes());
        assertThat(sim.rpc.withHeaders(Map.of("Authorization", "Basic " + basic)).post("/prpc/Status?json", "").statusCode()).isEqualTo(200);
        assertThat(sim.rpc.get("/prpc/Status?token=s3cret").statusCode()).isEqualTo(200);
        assertThat(sim.rpc.get("/logs?id=x").statusCode()).isEqualTo(401);
    }

    @Test
    void v05AuthGuardsOnlyLogs() {
        sim = new SimHarness(b -> b.authToken("s3cret").generation(Generation.V0_5));
        String id = sim.create("a", Map.of());

        assertThat(sim.rpc.post("/prpc/Status?json", "").statusCode()).isEqualTo(200);
        assertThat(sim.rpc.get("/logs?id=" + id).statusCode()).isEqualTo(401);
        assertThat(sim.rpc.withHeaders(Map.of("Authorization", "s3cret")).get("/logs?id=" + id).statusCode()).isEqualTo(200);
        assertThat(sim.rpc.withHeaders(Map.of("Authorization", "s3cret")).get("/logs?id=unknown").statusCode()).isEqualTo(404);
    }

    private static String json(Object body) {
        return Json.MAPPER.writeValueAsString(body);
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
