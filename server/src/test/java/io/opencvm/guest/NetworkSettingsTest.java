package io.opencvm.guest;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestHttp;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** A CVM's network settings as its node reports them, no port mappings, no firewall, and a node that is gone. */
@ServerTest
@TestPropertySource(properties = {"opencvm.operations.poll-interval=PT0.05S", "opencvm.reconcile.interval=PT0.1S",
        "opencvm.operations.retry.initial=PT0.1S", "opencvm.nodes.probe-interval=PT1H", "opencvm.vmm.timeout=PT2S"})
class NetworkSettingsTest extends GuestNodeTestBase {

    @Test
    void theNetworkConfigIsTheNodesNoPortsAreMappedAndTheFirewallIsNotAvailable() {
        String vmUuid = runningCvm().get("vm_uuid").asString();

        JsonNode config = api(alice).get("/cvms/" + vmUuid + "/network-config").json();
        JsonNode ports = api(alice).get("/cvms/" + vmUuid + "/ports").json();
        JsonNode firewall = api(alice).get("/cvms/" + vmUuid + "/firewall-status").json();

        assertThat(config.get("is_online").asBoolean()).isTrue();
        assertThat(config.get("error").isNull()).isTrue();
        assertThat(config.get("kms_urls").isArray()).isTrue();
        assertThat(config.get("ports").size()).isZero();
        assertThat(ports.isArray() && ports.isEmpty()).isTrue();
        assertThat(firewall.get("available").asBoolean()).isFalse();
        assertThat(firewall.get("reason").asString()).contains("port mapping");
    }

    @Test
    void aNodeThatIsGoneGivesTheReasonAndAnotherWorkspacesCvmIsNotFound() {
        String vmUuid = runningCvm().get("vm_uuid").asString();
        node.close();

        TestHttp.Reply gone = api(alice).get("/cvms/" + vmUuid + "/network-config");

        assertThat(gone.status()).isEqualTo(200);
        assertThat(gone.json().get("is_online").asBoolean()).isFalse();
        assertThat(gone.json().get("error").asString()).contains("did not answer");
        for (String route : new String[] {"/network-config", "/ports", "/firewall-status"}) {
            TestHttp.Reply foreign = api(mallory).get("/cvms/" + vmUuid + route);
            assertThat(foreign.status()).as(route).isEqualTo(404);
            assertThat(foreign.errorCode()).isEqualTo("ERR-03-001");
        }
    }
}
