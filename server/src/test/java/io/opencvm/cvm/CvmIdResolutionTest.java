package io.opencvm.cvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Every {@code {cvm_id}} form the clients send over real HTTP, plus the 404 / ambiguous answers. */
@ServerTest
@TestPropertySource(properties = {"opencvm.operations.workers=0", "opencvm.reconcile.enabled=false",
        "opencvm.nodes.probe-interval=PT1H"})
class CvmIdResolutionTest extends CvmTestBase {

    private TestAccount alice;
    private TestAccount bob;
    private long node;
    private JsonNode cvm;
    private String instanceId;

    @BeforeEach
    void setUp() {
        alice = account("alice");
        bob = account("bob");
        node = node(16, 32768, 20);
        String appId = appId();
        cvm = commitNew(alice, node, appId, name("resolve")).json();
        instanceId = String.format("%040x", SEQ.incrementAndGet() * 104729);
        jdbc.sql("UPDATE cvms SET instance_id = ? WHERE id = ?").params(instanceId, cvm.get("id").asLong()).update();
    }

    private Map<String, String> everyForm() {
        String uuid = cvm.get("vm_uuid").asString();
        String appId = cvm.get("app_id").asString();
        String publicId = jdbc.sql("SELECT public_id FROM cvms WHERE id = ?").param(cvm.get("id").asLong())
                .query(String.class).single();
        Map<String, String> forms = new LinkedHashMap<>();
        forms.put("32-hex uuid", uuid.replace("-", ""));
        forms.put("upper-case 32-hex uuid", uuid.replace("-", "").toUpperCase());
        forms.put("dashed uuid", uuid);
        forms.put("app_<40hex>", "app_" + appId);
        forms.put("APP_<40HEX>", "APP_" + appId.toUpperCase());
        forms.put("0x<40hex>", "0x" + appId);
        forms.put("bare 40 hex", appId);
        forms.put("instance_<40hex>", "instance_" + instanceId);
        forms.put("app_<instance id>", "app_" + instanceId);
        forms.put("bare instance id", instanceId);
        forms.put("v2026 opaque id", publicId);
        forms.put("v2025 numeric id", String.valueOf(cvm.get("id").asLong()));
        forms.put("name", cvm.get("name").asString());
        return forms;
    }

    @Test
    void everyIdFormFindsTheCvmInTheCallersWorkspace() {
        everyForm().forEach((form, id) -> {
            TestHttp.Reply reply = http(alice).get("/cvms/" + id);
            assertThat(reply.status()).as(form + " " + id).isEqualTo(200);
            assertThat(reply.json().get("vm_uuid").asString()).as(form).isEqualTo(cvm.get("vm_uuid").asString());
        });
    }

    @Test
    void everyFormOfAnotherWorkspacesCvmIsNotFound() {
        everyForm().forEach((form, id) -> {
            TestHttp.Reply reply = http(bob).get("/cvms/" + id);
            assertThat(reply.status()).as(form).isEqualTo(404);
            assertThat(reply.json().at("/detail/error_code").asString()).as(form).isEqualTo("ERR-03-001");
        });
    }

    @Test
    void unknownIdsOfEveryFormAre404() {
        for (String id : new String[] {"3f2504e04f8941d39a0c0305e82c3301", "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
                "app_" + "e".repeat(40), "instance_" + "e".repeat(40), "0x" + "e".repeat(40), "e".repeat(40),
                "cvm_doesNotExist", "424242424", "no-such-cvm", "paginatedx"}) {
            TestHttp.Reply reply = http(alice).get("/cvms/" + id);
            assertThat(reply.status()).as(id).isEqualTo(404);
            assertThat(reply.json().at("/detail/error_code").asString()).as(id).isEqualTo("ERR-03-001");
        }
    }

    @Test
    void anAppIdSharedBySeveralLiveCvmsIsAmbiguousButEachUuidStillWorks() {
        String appId = cvm.get("app_id").asString();
        long second = new TestCvms(jdbc).cvm(alice, appId, name("replica"), node, "running");
        String secondUuid = jdbc.sql("SELECT vm_uuid FROM cvms WHERE id = ?").param(second).query(String.class).single();

        TestHttp.Reply ambiguous = http(alice).get("/cvms/app_" + appId);
        assertThat(ambiguous.status()).isEqualTo(400);
        assertThat(ambiguous.json().at("/detail/error_code").asString()).isEqualTo("ERR-03-010");
        assertThat(http(alice).get("/cvms/" + secondUuid.replace("-", "")).json().get("id").asString())
                .isNotEqualTo(http(alice).get("/cvms/" + cvm.get("vm_uuid").asString()).json().get("id").asString());
        TestHttp.Reply list = http(alice).get("/apps/" + appId + "/cvms");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().size()).isEqualTo(2);
    }

    @Test
    void deletedCvmsAreNotFound() {
        String appId = appId();
        long gone = new TestCvms(jdbc).cvm(alice, appId, name("gone"), node, "deleted");
        String uuid = jdbc.sql("SELECT vm_uuid FROM cvms WHERE id = ?").param(gone).query(String.class).single();
        assertThat(http(alice).get("/cvms/" + uuid).status()).isEqualTo(404);
        assertThat(http(alice).get("/cvms/" + gone).status()).isEqualTo(404);
        assertThat(http(alice).get("/cvms/app_" + appId).status()).isEqualTo(404);
    }

    @Test
    void literalPathsWinOverTheIdSegment() {
        TestHttp.Reply paginated = http(alice).get("/cvms/paginated");
        assertThat(paginated.status()).isEqualTo(200);
        assertThat(paginated.json().has("items")).isTrue();
    }
}
