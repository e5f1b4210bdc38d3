package io.opencvm.kms;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import io.opencvm.testsupport.TestHttp.Reply;
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
class KmsEndpointsTest {

    static final String INFO_KEYS = "[chain_id, gateway_app_id, id, kms_contract_address, slug, url, version]";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    KmsRegistry registry;

    TestHttp http;
    TestAccount user;
    TestAccount admin;
    String suffix;

    @BeforeEach
    void setUp() {
        http = TestHttp.to(port);
        suffix = UUID.randomUUID().toString().substring(0, 8);
        user = new TestAccounts(jdbc).workspaceWithKey("k-" + suffix);
        admin = new TestAccounts(jdbc).adminWorkspaceWithKey("kops-" + suffix);
    }

    private Kms devKms(String id) {
        return registry.register(new KmsRegistration(id, null, "http://127.0.0.1:9/", "v0.5.4", null, null, null,
                null, false));
    }

    private Kms chainKms(String id, long chain) {
        return registry.register(new KmsRegistration(id, id + "-slug", "http://127.0.0.1:9/", "v0.5.4", chain,
                "0x" + "ab".repeat(20), "gw" + suffix, "http://127.0.0.1:8545", false));
    }

    private boolean contains(JsonNode items, String id) {
        for (JsonNode k : items) {
            if (k.get("id").asString().equals(id)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theKmsListIsStrictAndFiltersByOnChain() {
        devKms("kms_dev_" + suffix);
        chainKms("kms_eth_" + suffix, 1);

        Reply all = http.get("/api/v1/kms?page=1&page_size=100", user.apiKey());
        Reply onChain = http.get("/api/v1/kms?page_size=100&is_onchain=true", user.apiKey());
        Reply offChain = http.get("/api/v1/kms?page_size=100&is_onchain=false", user.apiKey());

        assertThat(all.status()).isEqualTo(200);
        assertThat(TestHttp.keys(all.json())).containsExactly("items", "page", "page_size", "pages", "total");
        assertThat(all.json().get("page_size").asInt()).isEqualTo(100);
        assertThat(TestHttp.keys(all.json().get("items").get(0)).toString()).isEqualTo(INFO_KEYS);
        assertThat(contains(all.json().get("items"), "kms_dev_" + suffix)).isTrue();
        assertThat(contains(onChain.json().get("items"), "kms_eth_" + suffix)).isTrue();
        assertThat(contains(onChain.json().get("items"), "kms_dev_" + suffix)).isFalse();
        assertThat(contains(offChain.json().get("items"), "kms_dev_" + suffix)).isTrue();
        assertThat(contains(offChain.json().get("items"), "kms_eth_" + suffix)).isFalse();
        assertThat(http.get("/api/v1/kms?page_size=0", user.apiKey()).status()).isEqualTo(422);
        assertThat(http.get("/api/v1/kms?is_onchain=maybe", user.apiKey()).status()).isEqualTo(422);
    }

    @Test
    void oneKmsIsExactlyAKmsInfoWithNullsPresentByIdOrSlug() {
        devKms("kms_dev_" + suffix);
        chainKms("kms_base_" + suffix, 8453);

        Reply dev = http.get("/api/v1/kms/kms_dev_" + suffix, user.apiKey());
        Reply bySlug = http.get("/api/v1/kms/kms_base_" + suffix + "-slug", user.apiKey());
        Reply missing = http.get("/api/v1/kms/kms_nope_" + suffix, user.apiKey());

        assertThat(dev.status()).isEqualTo(200);
        assertThat(TestHttp.keys(dev.json()).toString()).isEqualTo(INFO_KEYS);
        assertThat(dev.json().get("chain_id").isNull()).isTrue();
        assertThat(dev.json().get("slug").isNull()).isTrue();
        assertThat(bySlug.json().get("id").asString()).isEqualTo("kms_base_" + suffix);
        assertThat(bySlug.json().get("chain_id").asLong()).isEqualTo(8453);
        assertThat(bySlug.json().get("kms_contract_address").asString()).isEqualTo("0x" + "ab".repeat(20));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("detail").get("error_code").asString()).isEqualTo("ERR-02-011");
    }

    @Test
    void aPubkeyRequestWithABadAppIdIs422AndAnUnreachableKmsIs502() {
        devKms("kms_dead_" + suffix);

        Reply shortId = http.get("/api/v1/kms/kms_dead_" + suffix + "/pubkey/abc", user.apiKey());
        Reply nonHex = http.get("/api/v1/kms/kms_dead_" + suffix + "/pubkey/" + "zz".repeat(20), user.apiKey());
        Reply unknownKms = http.get("/api/v1/kms/kms_none_" + suffix + "/pubkey/" + "ab".repeat(20), user.apiKey());
        Reply dead = http.get("/api/v1/kms/kms_dead_" + suffix + "/pubkey/0x" + "AB".repeat(20), user.apiKey());

        assertThat(shortId.status()).isEqualTo(422);
        assertThat(shortId.body()).contains("app_id");
        assertThat(nonHex.status()).isEqualTo(422);
        assertThat(unknownKms.status()).isEqualTo(404);
        assertThat(dead.status()).isEqualTo(502);
        assertThat(dead.json().get("detail").get("error_code").asString()).isEqualTo("ERR-02-103");
    }

    @Test
    void adminRegistersKmsIdempotentlyKeepsOneDefaultAndRefusesATakenSlug() {
        String id = "kms_a_" + suffix;
        String body = """
                {"id":"%s","slug":"a-%s","url":"http://127.0.0.1:9/","version":"v0.5.4","is_default":true}"""
                .formatted(id, suffix);
        Reply first = http.post("/admin/kms", admin.apiKey(), body);
        Reply again = http.post("/admin/kms", admin.apiKey(), body.replace("v0.5.4", "v0.5.5"));
        Reply other = http.post("/admin/kms", admin.apiKey(), """
                {"id":"kms_b_%s","url":"http://127.0.0.1:9/","is_default":true}""".formatted(suffix));
        Reply takenSlug = http.post("/admin/kms", admin.apiKey(), """
                {"id":"kms_c_%s","slug":"a-%s","url":"http://127.0.0.1:9/"}""".formatted(suffix, suffix));
        Reply badChain = http.post("/admin/kms", admin.apiKey(), """
                {"id":"kms_d_%s","url":"http://127.0.0.1:9/","chain_id":1}""".formatted(suffix));
        Reply asUser = http.post("/admin/kms", user.apiKey(), """
                {"id":"kms_e_%s","url":"http://127.0.0.1:9/"}""".formatted(suffix));

        assertThat(first.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("version").asString()).isEqualTo("v0.5.5");
        assertThat(other.json().get("version").asString()).isEqualTo("unknown");
        assertThat(takenSlug.status()).isEqualTo(409);
        assertThat(badChain.status()).isEqualTo(422);
        assertThat(badChain.body()).contains("kms_contract_address");
        assertThat(asUser.status()).isEqualTo(403);
        JsonNode list = http.get("/admin/kms", admin.apiKey()).json().get("items");
        long defaults = 0;
        int named = 0;
        for (JsonNode k : list) {
            defaults += k.get("is_default").asBoolean() ? 1 : 0;
            named += k.get("id").asString().endsWith(suffix) ? 1 : 0;
        }
        assertThat(defaults).isEqualTo(1);
        assertThat(named).isEqualTo(2);
        assertThat(jdbc.sql("SELECT is_default FROM kms WHERE public_id = ?").param("kms_b_" + suffix)
                .query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("SELECT version FROM kms WHERE public_id = ?").param(id).query(String.class).single())
                .isEqualTo("v0.5.5");
    }
}
