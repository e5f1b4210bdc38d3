package io.opencvm.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import io.opencvm.testsupport.TestNodes;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** {@code GET /os-images}: the images of the nodes the workspace may use, with dev ones filtered as asked. */
@ServerTest
@TestPropertySource(properties = "opencvm.nodes.probe-interval=PT1H")
class OsImagesTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private List<String> names(JsonNode page, String suffix) {
        return page.get("items").valueStream().map(i -> i.get("name").asString()).filter(n -> n.endsWith(suffix)).toList();
    }

    @Test
    void theNodesImagesAreListedOncePerNameAndIsDevFiltersThem() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        TestAccount alice = new TestAccounts(jdbc).workspaceWithKey("os-" + suffix);
        TestNodes nodes = new TestNodes(jdbc);
        long a = nodes.node("os-a-" + suffix, "http://127.0.0.1:9", null, 8, 16384, 10, "prod-" + suffix);
        nodes.node("os-b-" + suffix, "http://127.0.0.1:9", null, 8, 16384, 10, "prod-" + suffix);
        long hidden = nodes.node("os-c-" + suffix, "http://127.0.0.1:9", null, 8, 16384, 10, "private-" + suffix);
        jdbc.sql("INSERT INTO node_images (node_id, name, version, is_dev, os_image_hash) VALUES (?, ?, '0.5.4', TRUE, NULL)")
                .params(a, "dev-" + suffix).update();
        jdbc.sql("UPDATE nodes SET open_to_all = FALSE WHERE id = ?").param(hidden).update();
        TestHttp api = TestHttp.to(port).api().as(alice.apiKey());

        JsonNode all = api.get("/os-images?page_size=100").json();
        JsonNode prod = api.get("/os-images?is_dev=false&page_size=100").json();
        JsonNode dev = api.get("/os-images?is_dev=true").json();

        assertThat(names(all, suffix)).containsExactlyInAnyOrder("prod-" + suffix, "dev-" + suffix);
        assertThat(names(prod, suffix)).containsExactly("prod-" + suffix);
        assertThat(names(dev, suffix)).containsExactly("dev-" + suffix);
        JsonNode image = prod.get("items").valueStream().filter(i -> i.get("name").asString().equals("prod-" + suffix))
                .findFirst().orElseThrow();
        assertThat(image.get("os_image_hash").asString()).isEqualTo("ab".repeat(32));
        assertThat(image.get("is_dev").asBoolean()).isFalse();
        assertThat(all.get("page").asInt()).isEqualTo(1);
        assertThat(api.get("/os-images?is_dev=maybe").status()).isEqualTo(422);
        assertThat(api.get("/os-images?page_size=101").status()).isEqualTo(422);
    }
}
