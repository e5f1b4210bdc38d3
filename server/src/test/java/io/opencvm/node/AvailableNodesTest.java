package io.opencvm.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.kms.KmsRegistration;
import io.opencvm.kms.KmsRegistry;
import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import io.opencvm.testsupport.TestHttp.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

@ServerTest
@TestPropertySource(properties = "opencvm.nodes.probe-interval=PT1H")
class AvailableNodesTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    NodeRegistry registry;
    @Autowired
    KmsRegistry kmsRegistry;
    @Autowired
    NodeService nodes;

    TestHttp http;
    TestAccount alice;
    TestAccount bob;
    String suffix;

    @BeforeEach
    void setUp() {
        http = TestHttp.to(port);
        suffix = UUID.randomUUID().toString().substring(0, 8);
        alice = new TestAccounts(jdbc).workspaceWithKey("alice-" + suffix);
        bob = new TestAccounts(jdbc).workspaceWithKey("bob-" + suffix);
    }

    private Node register(String name, boolean openToAll, Set<String> workspaces, String kms) {
        return registry.register(new NodeRegistration(name, "http://127.0.0.1:9/", "tok", "us-west", true, openToAll,
                workspaces, kms, new Resources(8, 16384, 500, 10), "cd".repeat(32)));
    }

    private List<JsonNode> nodesNamed(JsonNode array, String prefix) {
        List<JsonNode> found = new ArrayList<>();
        array.forEach(n -> {
            if (n.get("name").asString().startsWith(prefix)) {
                found.add(n);
            }
        });
        return found;
    }

    @Test
    void availableNodesHaveTheContractShapeWithRemainingCapacityImagesAndKms() {
        kmsRegistry.register(new KmsRegistration("kms_" + suffix, "base-" + suffix, "http://127.0.0.1:9/", "v0.5.4",
                8453L, "0x" + "12".repeat(20), null, "http://127.0.0.1:8545", false));
        Node node = register("open-" + suffix, true, Set.of(), "base-" + suffix);
        jdbc.sql("INSERT INTO node_images (node_id, name, version, is_dev, os_image_hash) VALUES (?, ?, ?, ?, ?)")
                .params(node.id(), "dstack-0.5.4.1", "0.5.4.1", false, "ef".repeat(32)).update();
        jdbc.sql("INSERT INTO node_images (node_id, name, version, is_dev, os_image_hash) VALUES (?, ?, ?, ?, NULL)")
                .params(node.id(), "dstack-dev-0.5.3", "0.5.3", true).update();
        nodes.reserve(node.id(), Resources.ofCvm(2, 4096, 50));

        Reply r = http.get("/api/v1/teepods/available", alice.apiKey());

        assertThat(r.status()).isEqualTo(200);
        assertThat(TestHttp.keys(r.json())).containsExactly("capacity", "kms_list", "nodes", "tier");
        assertThat(r.json().get("tier").asString()).isEqualTo("free");
        assertThat(r.json().get("capacity").isObject()).isTrue();
        JsonNode item = nodesNamed(r.json().get("nodes"), "open-" + suffix).get(0);
        assertThat(TestHttp.keys(item)).containsExactlyInAnyOrder("teepod_id", "name", "listed", "resource_score",
                "remaining_vcpu", "remaining_memory", "remaining_cvm_slots", "images", "support_onchain_kms", "fmspc",
                "device_id", "region_identifier", "default_kms", "kms_list");
        assertThat(item.get("teepod_id").asLong()).isEqualTo(node.id());
        assertThat(item.get("remaining_vcpu").asInt()).isEqualTo(6);
        assertThat(item.get("remaining_memory").asInt()).isEqualTo(12288);
        assertThat(item.get("remaining_cvm_slots").asInt()).isEqualTo(9);
        assertThat(item.get("resource_score").isNumber()).isTrue();
        assertThat(item.get("support_onchain_kms").asBoolean()).isTrue();
        assertThat(item.get("default_kms").asString()).isEqualTo("kms_" + suffix);
        assertThat(item.get("kms_list").get(0).asString()).isEqualTo("kms_" + suffix);
        assertThat(item.get("region_identifier").asString()).isEqualTo("us-west");
        assertThat(item.get("device_id").asString()).isEqualTo("cd".repeat(32));
        JsonNode image = item.get("images").get(0);
        assertThat(TestHttp.keys(image)).containsExactly("is_dev", "name", "os_image_hash", "version");
        assertThat(image.get("version").toString()).isEqualTo("[0,5,4,1]");
        assertThat(image.get("os_image_hash").asString()).isEqualTo("ef".repeat(32));
        assertThat(item.get("images").get(1).get("version").toString()).isEqualTo("[0,5,3]");
        assertThat(item.get("images").get(1).get("is_dev").asBoolean()).isTrue();
        JsonNode kms = null;
        for (JsonNode k : r.json().get("kms_list")) {
            kms = k.get("id").asString().equals("kms_" + suffix) ? k : kms;
        }
        assertThat(kms).isNotNull();
        assertThat(TestHttp.keys(kms)).containsExactly("chain_id", "gateway_app_id", "id", "kms_contract_address",
                "slug", "url", "version");
        assertThat(kms.get("chain_id").asLong()).isEqualTo(8453L);
    }

    @Test
    void aNodeClosedToAWorkspaceIsNotListedForItButIsForTheWorkspaceItIsOpenTo() {
        register("only-bob-" + suffix, false, Set.of("bob-" + suffix), null);

        Reply forAlice = http.get("/api/v1/teepods/available", alice.apiKey());
        Reply forBob = http.get("/api/v1/teepods/available", bob.apiKey());
        Reply aliceNodes = http.get("/api/v1/workspaces/alice-" + suffix + "/nodes", alice.apiKey());
        Reply bobNodes = http.get("/api/v1/workspaces/bob-" + suffix + "/nodes?page=1&page_size=100", bob.apiKey());

        assertThat(nodesNamed(forAlice.json().get("nodes"), "only-bob-" + suffix)).isEmpty();
        assertThat(nodesNamed(forBob.json().get("nodes"), "only-bob-" + suffix)).hasSize(1);
        assertThat(nodesNamed(aliceNodes.json().get("items"), "only-bob-" + suffix)).isEmpty();
        assertThat(nodesNamed(bobNodes.json().get("items"), "only-bob-" + suffix)).hasSize(1);
    }

    @Test
    void anOfflineNodeIsNotAvailableButStillListedAsOffline() {
        Node node = register("down-" + suffix, true, Set.of(), null);
        jdbc.sql("UPDATE nodes SET status = 'offline' WHERE id = ?").param(node.id()).update();

        Reply available = http.get("/api/v1/teepods/available", alice.apiKey());
        Reply listed = http.get("/api/v1/workspaces/alice-" + suffix + "/nodes?page=1&page_size=100", alice.apiKey());

        assertThat(nodesNamed(available.json().get("nodes"), "down-" + suffix)).isEmpty();
        assertThat(nodesNamed(listed.json().get("items"), "down-" + suffix).get(0).get("status").asString())
                .isEqualTo("offline");
    }

    @Test
    void workspaceNodesArePagedNodeRefs() {
        Node node = register("ref-" + suffix, false, Set.of("alice-" + suffix), null);
        register("ref2-" + suffix, false, Set.of("alice-" + suffix), null);
        jdbc.sql("UPDATE nodes SET status = 'online', version = '0.5.4 (git:abc)', ppid = 'aa11' WHERE id = ?")
                .param(node.id()).update();

        Reply page1 = http.get("/api/v1/workspaces/alice-" + suffix + "/nodes?page=1&page_size=1", alice.apiKey());
        Reply all = http.get("/api/v1/workspaces/alice-" + suffix + "/nodes", alice.apiKey());

        assertThat(page1.status()).isEqualTo(200);
        assertThat(TestHttp.keys(page1.json())).containsExactly("items", "page", "page_size", "pages", "total");
        assertThat(page1.json().get("items")).hasSize(1);
        assertThat(page1.json().get("page_size").asInt()).isEqualTo(1);
        assertThat(page1.json().get("pages").asInt()).isEqualTo(page1.json().get("total").asInt());
        assertThat(all.json().get("page_size").asInt()).isEqualTo(30);
        JsonNode ref = nodesNamed(all.json().get("items"), "ref-" + suffix).get(0);
        assertThat(TestHttp.keys(ref)).containsExactly("device_id", "id", "name", "object_type", "ppid", "region",
                "status", "version");
        assertThat(ref.get("object_type").asString()).isEqualTo("node");
        assertThat(ref.get("id").asLong()).isEqualTo(node.id());
        assertThat(ref.get("status").asString()).isEqualTo("online");
        assertThat(ref.get("version").asString()).isEqualTo("0.5.4 (git:abc)");
        assertThat(ref.get("ppid").asString()).isEqualTo("aa11");
    }

    @Test
    void anotherWorkspacesSlugIs404AndBadPagingIs422() {
        Reply other = http.get("/api/v1/workspaces/bob-" + suffix + "/nodes", alice.apiKey());
        Reply badPage = http.get("/api/v1/workspaces/alice-" + suffix + "/nodes?page=0", alice.apiKey());
        Reply bigPage = http.get("/api/v1/workspaces/alice-" + suffix + "/nodes?page_size=101", alice.apiKey());
        Reply noKey = http.get("/api/v1/teepods/available", null);

        assertThat(other.status()).isEqualTo(404);
        assertThat(other.json().get("detail").get("error_code").asString()).isEqualTo("ERR-04-101");
        assertThat(badPage.status()).isEqualTo(422);
        assertThat(bigPage.status()).isEqualTo(422);
        assertThat(noKey.status()).isEqualTo(401);
    }
}
