package io.opencvm.attestation;

import io.opencvm.vmmsim.VmmSimulator;
import io.opencvm.vmmsim.kms.KmsProfile;
import io.opencvm.vmmsim.kms.KmsSimulator;
import io.opencvm.vmmsim.node.BootTimings;
import io.opencvm.vmmsim.node.NodeProfile;
import io.opencvm.vmmsim.time.ManualTime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A simulated dstack node and KMS on loopback with one booted VM; everything the tests read crosses HTTP
 * ({@code /prpc/CreateVm}, {@code /guest/Info}), as the control plane will.
 */
final class SimulatedGuest implements AutoCloseable {

    static final String COMPOSE = "{\"docker_compose_file\":\"services:\\n  web:\\n    image: nginx:1.27\\n\","
            + "\"gateway_enabled\":true,\"kms_enabled\":true,\"manifest_version\":2,\"name\":\"attested\","
            + "\"public_logs\":true,\"runner\":\"docker-compose\"}";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final ManualTime time = new ManualTime(Instant.parse("2026-08-07T10:00:00Z"));
    final KmsSimulator kms;
    final VmmSimulator node;
    final String vmId;

    SimulatedGuest() {
        kms = KmsSimulator.start(KmsProfile.defaults().withSeed("attestation-test"), time.asClock());
        node = VmmSimulator.start(NodeProfile.defaults("node-attest").toBuilder().kmsUrl(kms.baseUri().toString())
                .timings(BootTimings.instant()).gatewayListener(false).build(), time);
        vmId = post("/prpc/CreateVm?json", "{\"name\":\"attested\",\"image\":\"dstack-0.5.4\",\"compose_file\":"
                + JSON.writeValueAsString(COMPOSE) + ",\"vcpu\":2,\"memory\":2048,\"disk_size\":20}")
                .get("id").asString();
        time.runDue();
    }

    /** {@code POST /guest/Info?json}: version, app_id, instance_id, app_cert, tcb_info, device_id. */
    JsonNode info() {
        return post("/guest/Info?json", "{\"id\":\"" + vmId + "\"}");
    }

    private JsonNode post(String path, String body) {
        URI uri = node.baseUri().resolve(path);
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " -> " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        node.close();
        kms.close();
        time.close();
    }
}
