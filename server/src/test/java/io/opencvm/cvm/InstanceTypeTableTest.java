package io.opencvm.cvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import io.opencvm.testsupport.TestNodes;
import io.opencvm.vmmsim.kms.KmsProfile;
import io.opencvm.vmmsim.kms.KmsSimulator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** An operator's own instance-type table replaces the defaults: the catalogue lists it and provisioning sizes by it. */
@ServerTest
@TestPropertySource(properties = {"opencvm.operations.workers=0", "opencvm.reconcile.enabled=false",
        "opencvm.nodes.probe-interval=PT1H",
        "opencvm.instance-types.default-type=tdx.small",
        "opencvm.instance-types.types[0].id=tdx.small", "opencvm.instance-types.types[0].vcpu=1",
        "opencvm.instance-types.types[0].memory-mb=2048", "opencvm.instance-types.types[0].default-disk-gb=20",
        "opencvm.instance-types.types[1].id=tdx.xlarge", "opencvm.instance-types.types[1].vcpu=8",
        "opencvm.instance-types.types[1].memory-mb=16384", "opencvm.instance-types.types[1].default-disk-gb=40",
        "opencvm.instance-types.types[2].id=gpu.h100", "opencvm.instance-types.types[2].vcpu=24",
        "opencvm.instance-types.types[2].memory-mb=196608", "opencvm.instance-types.types[2].default-disk-gb=200",
        "opencvm.instance-types.types[2].requires-gpu=true", "opencvm.instance-types.types[2].description=One H100",
        "opencvm.instance-types.types[2].hourly-rate=2.50"})
class InstanceTypeTableTest extends CvmTestBase {

    @Test
    void theCatalogueListsTheConfiguredTypesByFamily() {
        TestHttp anyone = http(account("table"));
        JsonNode all = anyone.get("/instance-types").json().get("result");
        assertThat(all.valueStream().map(f -> f.get("name").asString())).containsExactly("tdx", "gpu");
        assertThat(all.get(0).get("items").valueStream().map(i -> i.get("id").asString()))
                .containsExactly("tdx.small", "tdx.xlarge");

        JsonNode gpu = anyone.get("/instance-types/gpu").json();
        assertThat(gpu.get("total").asInt()).isEqualTo(1);
        JsonNode h100 = gpu.get("items").get(0);
        assertThat(h100.get("vcpu").asInt()).isEqualTo(24);
        assertThat(h100.get("memory_mb").asInt()).isEqualTo(196608);
        assertThat(h100.get("default_disk_size_gb").asInt()).isEqualTo(200);
        assertThat(h100.get("requires_gpu").asBoolean()).isTrue();
        assertThat(h100.get("description").asString()).isEqualTo("One H100");
        assertThat(h100.get("hourly_rate").asString()).isEqualTo("2.50");
        assertThat(anyone.get("/instance-types/tdx").json().get("items").get(1).get("description").asString())
                .isEqualTo("8 vCPU, 16 GB memory, Intel TDX");
    }

    @Test
    void aProvisionNamingAConfiguredTypeIsSizedByItAndADefaultTypeNoLongerInTheTableIsRefused() {
        TestAccount alice = account("table-size");
        try (KmsSimulator kms = KmsSimulator.start(KmsProfile.defaults())) {
            TestNodes nodes = new TestNodes(jdbc);
            long kmsPk = nodes.devKms("kms-table-" + SEQ.incrementAndGet(), kms.baseUri().toString());
            provisionsAreSizedByTheTable(alice, nodes.node(name("node"), "http://127.0.0.1:9", kmsPk, 32, 65536, 10, IMAGE));
        }
    }

    private void provisionsAreSizedByTheTable(TestAccount alice, long node) {
        TestHttp http = http(alice);
        TestHttp.Reply provisioned = http.post("/cvms/provision", Map.of("name", name("xl"), "teepod_id", node,
                "instance_type", "tdx.xlarge", "compose_file",
                Map.of("docker_compose_file", "services:\n  web:\n    image: nginx:1.27\n")));
        assertThat(provisioned.status()).as(provisioned.body()).isEqualTo(200);
        JsonNode provision = provisioned.json();
        assertThat(provision.get("instance_type").asString()).isEqualTo("tdx.xlarge");
        JsonNode vm = http.post("/cvms", Map.of("app_id", provision.get("app_id").asString(),
                "compose_hash", provision.get("compose_hash").asString())).json();
        assertThat(vm.get("vcpu").asInt()).isEqualTo(8);
        assertThat(vm.get("memory").asInt()).isEqualTo(16384);
        assertThat(vm.get("disk_size").asInt()).isEqualTo(40);

        String before = snapshot() + "/" + count("provisions");
        TestHttp.Reply medium = http.post("/cvms/provision", Map.of("name", name("md"), "teepod_id", node,
                "instance_type", "tdx.medium", "compose_file",
                Map.of("docker_compose_file", "services:\n  web:\n    image: nginx:1.27\n")));
        assertThat(medium.status()).isEqualTo(404);
        assertThat(medium.errorCode()).isEqualTo("ERR-02-001");
        assertThat(snapshot() + "/" + count("provisions")).isEqualTo(before);
    }
}
