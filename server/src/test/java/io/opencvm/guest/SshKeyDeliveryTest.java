package io.opencvm.guest;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestHttp;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A user's SSH keys reach the CVMs the user creates afterwards (in the VM's {@code user_config}, read back from the
 * node), and a CVM names its node's gateway, which is what {@code phala ssh} connects through.
 */
@ServerTest
@TestPropertySource(properties = {"opencvm.operations.poll-interval=PT0.05S", "opencvm.reconcile.interval=PT0.1S",
        "opencvm.operations.retry.initial=PT0.1S", "opencvm.nodes.probe-interval=PT1H", "opencvm.vmm.timeout=PT2S"})
class SshKeyDeliveryTest extends GuestNodeTestBase {

    private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH0wXJKU3s3QMRHFpwjwpZQ9b5W5q0BujX3wz4Nz4QDs";

    private TestHttp api() {
        return api(alice);
    }

    @Test
    void aCvmCreatedAfterAKeyIsAddedIsGivenItAndOneCreatedBeforeIsNot() {
        String before = runningCvm().get("vm_uuid").asString();
        api().post("/user/ssh-keys", Map.of("name", "laptop", "public_key", KEY + " alice@laptop"));

        String after = runningCvm().get("vm_uuid").asString();

        JsonNode given = api().get("/cvms/" + after + "/user_config").json();
        assertThat(given.get("ssh_authorized_keys").valueStream().map(JsonNode::asString)).containsExactly(KEY);
        assertThat(api().get("/cvms/" + before + "/user_config").json().get("ssh_authorized_keys").size()).isZero();
    }

    @Test
    void aCvmNamesTheGatewayItsNodeReported() {
        String vmUuid = runningCvm().get("vm_uuid").asString();
        assertThat(api().get("/cvms/" + vmUuid).json().get("gateway").size()).as("not probed yet").isZero();
        jdbc.sql("UPDATE nodes SET gateway_domain = 'apps.node.example' WHERE id = ?").param(node.nodeId()).update();

        JsonNode v2026 = api().get("/cvms/" + vmUuid).json();
        JsonNode v2025 = TestHttp.to(port).api().as(alice.apiKey()).version("2025-10-28").get("/cvms/" + vmUuid).json();

        assertThat(v2026.get("gateway").get("base_domain").asString()).isEqualTo("apps.node.example");
        assertThat(v2025.get("gateway_domain").asString()).isEqualTo("apps.node.example");
    }

    @Test
    void theUserConfigOfOpencvmsWritingIsReadBackAndAnythingElseGivesNoKeys() {
        assertThat(GuestService.authorizedKeys("{\"ssh_authorized_keys\":[\"" + KEY + "\"]}")).containsExactly(KEY);
        assertThat(GuestService.authorizedKeys("")).isEmpty();
        assertThat(GuestService.authorizedKeys("not json")).isEmpty();
        assertThat(GuestService.authorizedKeys("{\"ssh_authorized_keys\":\"x\"}")).isEmpty();
    }
}
