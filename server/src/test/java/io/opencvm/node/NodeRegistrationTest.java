package io.opencvm.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import io.opencvm.testsupport.TestHttp.Reply;
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
class NodeRegistrationTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    NodeService nodes;

    TestHttp http;
    TestAccount admin;
    TestAccount user;
    String suffix;

    @BeforeEach
    void setUp() {
        http = TestHttp.to(port);
        suffix = UUID.randomUUID().toString().substring(0, 8);
        admin = new TestAccounts(jdbc).adminWorkspaceWithKey("ops-" + suffix);
        user = new TestAccounts(jdbc).workspaceWithKey("team-" + suffix);
    }

    private String registration(String name, int vcpu, String extra) {
        return """
                {"name":"%s","vmm_url":"http://127.0.0.1:9/","vmm_token":"secret-token-%s","region":"eu-1",
                 "vcpu":%d,"memory_mb":8192,"disk_gb":200,"slots":4%s}""".formatted(name, suffix, vcpu, extra);
    }

    private JsonNode adminItem(String name) {
        Reply list = http.get("/admin/nodes", admin.apiKey());
        assertThat(list.status()).isEqualTo(200);
        for (JsonNode item : list.json().get("items")) {
            if (item.get("name").asString().equals(name)) {
                return item;
            }
        }
        return null;
    }

    @Test
    void registeringTheSameNameTwiceUpdatesOneNodeInPlace() {
        String name = "n-" + suffix;
        Reply first = http.post("/admin/nodes", admin.apiKey(), registration(name, 8, ""));
        assertThat(first.status()).isEqualTo(200);
        long id = first.json().get("id").asLong();

        Reply second = http.post("/admin/nodes", admin.apiKey(),
                registration(name, 16, ",\"workspaces\":[\"team-" + suffix + "\"],\"listed\":false"));

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("id").asLong()).isEqualTo(id);
        Node node = nodes.get(id);
        assertThat(node.capacity()).isEqualTo(new Resources(16, 8192, 200, 4));
        assertThat(node.settings().listed()).isFalse();
        assertThat(node.settings().openToAll()).isFalse();
        assertThat(node.workspaceIds()).containsExactly(user.workspaceId());
        assertThat(node.settings().vmmToken()).isEqualTo("secret-token-" + suffix);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM nodes WHERE name = ?").param(name).query(Integer.class).single())
                .isEqualTo(1);
    }

    @Test
    void adminListShowsEveryFieldButNeverTheToken() {
        String name = "n-" + suffix;
        http.post("/admin/nodes", admin.apiKey(), registration(name, 8, ",\"device_id\":\"0xAB12\""));

        Reply list = http.get("/admin/nodes", admin.apiKey());
        JsonNode item = adminItem(name);

        assertThat(list.body()).doesNotContain("secret-token-" + suffix).doesNotContain("vmm_token");
        assertThat(TestHttp.keys(item)).containsAll(Set.of("id", "name", "vmm_url", "region", "status", "listed",
                "open_to_all", "workspaces", "capacity", "reserved", "device_id", "version", "images",
                "last_seen_at", "last_error"));
        assertThat(item.get("status").asString()).isEqualTo("unknown");
        assertThat(item.get("device_id").asString()).isEqualTo("ab12");
        assertThat(TestHttp.keys(item.get("capacity"))).containsExactly("disk_gb", "memory_mb", "slots", "vcpu");
        assertThat(item.get("capacity").get("vcpu").asInt()).isEqualTo(8);
        assertThat(item.get("reserved").get("vcpu").asInt()).isZero();
    }

    @Test
    void aUserKeyIsRefusedOnEveryAdminEndpointAndNothingChanges() {
        String name = "n-" + suffix;
        long id = http.post("/admin/nodes", admin.apiKey(), registration(name, 8, "")).json().get("id").asLong();

        assertThat(http.post("/admin/nodes", user.apiKey(), registration("x-" + suffix, 8, "")).status()).isEqualTo(403);
        assertThat(http.get("/admin/nodes", user.apiKey()).status()).isEqualTo(403);
        assertThat(http.patch("/admin/nodes/" + id, user.apiKey(), "{\"listed\":false}").status()).isEqualTo(403);
        assertThat(http.delete("/admin/nodes/" + id, user.apiKey()).status()).isEqualTo(403);
        assertThat(http.get("/admin/nodes", null).status()).isEqualTo(401);

        assertThat(nodes.find(id)).get().extracting(n -> n.settings().listed()).isEqualTo(true);
        assertThat(adminItem("x-" + suffix)).isNull();
    }

    @Test
    void anInvalidRegistrationIs422AndNothingChanges() {
        String name = "n-" + suffix;
        Reply missing = http.post("/admin/nodes", admin.apiKey(),
                "{\"name\":\"" + name + "\",\"vmm_url\":\"http://127.0.0.1:9/\",\"vcpu\":2}");
        Reply badUrl = http.post("/admin/nodes", admin.apiKey(),
                registration(name, 8, "").replace("http://127.0.0.1:9/", "ftp:/nowhere"));
        Reply unknownWorkspace = http.post("/admin/nodes", admin.apiKey(),
                registration(name, 8, ",\"workspaces\":[\"no-such-" + suffix + "\"]"));
        Reply unknownKms = http.post("/admin/nodes", admin.apiKey(), registration(name, 8, ",\"kms\":\"nokms\""));
        Reply zero = http.post("/admin/nodes", admin.apiKey(), registration(name, 0, ""));
        Reply badType = http.post("/admin/nodes", admin.apiKey(), registration(name, 8, "").replace("\"vcpu\":8", "\"vcpu\":\"many\""));

        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.body()).contains("memory_mb", "disk_gb", "slots", "missing");
        assertThat(badUrl.status()).isEqualTo(422);
        assertThat(badUrl.body()).contains("vmm_url");
        assertThat(unknownWorkspace.status()).isEqualTo(422);
        assertThat(unknownWorkspace.body()).contains("no-such-" + suffix);
        assertThat(unknownKms.status()).isEqualTo(422);
        assertThat(zero.status()).isEqualTo(422);
        assertThat(badType.status()).isEqualTo(422);
        assertThat(adminItem(name)).isNull();
    }

    @Test
    void capacityCannotShrinkBelowWhatIsReservedAndARefusalChangesNothing() {
        String name = "n-" + suffix;
        long id = http.post("/admin/nodes", admin.apiKey(), registration(name, 8, "")).json().get("id").asLong();
        nodes.reserve(id, Resources.ofCvm(6, 4096, 100));

        Reply patch = http.patch("/admin/nodes/" + id, admin.apiKey(), "{\"capacity\":{\"vcpu\":4},\"listed\":false}");
        Reply reRegister = http.post("/admin/nodes", admin.apiKey(), registration(name, 5, ",\"listed\":false"));

        assertThat(patch.status()).isEqualTo(409);
        assertThat(patch.json().get("detail").get("error_code").asString()).isEqualTo("ERR-01-102");
        assertThat(reRegister.status()).isEqualTo(409);
        Node node = nodes.get(id);
        assertThat(node.capacity().vcpu()).isEqualTo(8);
        assertThat(node.settings().listed()).isTrue();
        assertThat(node.reserved()).isEqualTo(new Resources(6, 4096, 100, 1));

        Reply fits = http.patch("/admin/nodes/" + id, admin.apiKey(), "{\"capacity\":{\"vcpu\":6,\"slots\":2}}");
        assertThat(fits.status()).isEqualTo(200);
        assertThat(nodes.get(id).capacity()).isEqualTo(new Resources(6, 8192, 200, 2));
    }

    @Test
    void patchChangesListingAndWorkspacesOnly() {
        String name = "n-" + suffix;
        long id = http.post("/admin/nodes", admin.apiKey(), registration(name, 8, "")).json().get("id").asLong();

        Reply patch = http.patch("/admin/nodes/" + id, admin.apiKey(),
                "{\"listed\":false,\"open_to_all\":false,\"workspaces\":[\"team-" + suffix + "\"]}");
        Reply unknown = http.patch("/admin/nodes/999999", admin.apiKey(), "{\"listed\":true}");

        assertThat(patch.status()).isEqualTo(200);
        assertThat(patch.json().get("workspaces").get(0).asString()).isEqualTo("team-" + suffix);
        Node node = nodes.get(id);
        assertThat(node.settings().listed()).isFalse();
        assertThat(node.openTo(user.workspaceId())).isTrue();
        assertThat(node.openTo(admin.workspaceId())).isFalse();
        assertThat(node.capacity()).isEqualTo(new Resources(8, 8192, 200, 4));
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void aNodeThatHoldsACvmCannotBeRemovedAndOnceFreeItIsHiddenAndCanComeBack() {
        String name = "n-" + suffix;
        long id = http.post("/admin/nodes", admin.apiKey(), registration(name, 8, "")).json().get("id").asLong();
        Resources oneCvm = Resources.ofCvm(1, 1024, 10);
        nodes.reserve(id, oneCvm);

        Reply refused = http.delete("/admin/nodes/" + id, admin.apiKey());

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").get("error_code").asString()).isEqualTo("ERR-01-101");
        assertThat(nodes.find(id)).isPresent();

        nodes.release(id, oneCvm);
        assertThat(http.delete("/admin/nodes/" + id, admin.apiKey()).status()).isEqualTo(204);
        assertThat(nodes.find(id)).isEmpty();
        assertThat(adminItem(name)).isNull();
        assertThat(http.delete("/admin/nodes/" + id, admin.apiKey()).status()).isEqualTo(404);

        Reply back = http.post("/admin/nodes", admin.apiKey(), registration(name, 8, ""));
        assertThat(back.json().get("id").asLong()).isEqualTo(id);
        assertThat(nodes.find(id)).isPresent();
    }
}
