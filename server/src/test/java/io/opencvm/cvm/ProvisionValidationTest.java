package io.opencvm.cvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import io.opencvm.testsupport.TestNodes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** {@code POST /cvms/provision} refusals: 422 for the wrong shape, 400/404 for the wrong meaning; each changes nothing. */
@ServerTest
@TestPropertySource(properties = {"opencvm.operations.workers=0", "opencvm.reconcile.enabled=false",
        "opencvm.nodes.probe-interval=PT1H"})
class ProvisionValidationTest extends CvmTestBase {

    private TestAccount alice;
    private long node;

    @BeforeEach
    void setUp() {
        alice = account("prov");
        node = node(4, 8192, 10);
    }

    private Map<String, Object> body() {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name("valid"));
        body.put("teepod_id", node);
        body.put("compose_file", Map.of("docker_compose_file", "services: {}\n"));
        return body;
    }

    private TestHttp.Reply refused(Map<String, Object> body, int status) {
        String before = snapshot();
        TestHttp.Reply reply = http(alice).post("/cvms/provision", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(snapshot()).isEqualTo(before);
        return reply;
    }

    private void refused422(Map<String, Object> body, String loc, String type) {
        TestHttp.Reply reply = refused(body, 422);
        assertThat(reply.json().at("/detail/0/loc").toString()).isEqualTo(loc);
        assertThat(reply.json().at("/detail/0/type").asString()).isEqualTo(type);
    }

    private void refused400(Map<String, Object> body, int status, String code) {
        assertThat(refused(body, status).json().at("/detail/error_code").asString()).isEqualTo(code);
    }

    @Test
    void wrongShapesAre422WithFastApiLocations() {
        Map<String, Object> noName = body();
        noName.remove("name");
        refused422(noName, "[\"body\",\"name\"]", "missing");
        Map<String, Object> shortName = body();
        shortName.put("name", "abc");
        refused422(shortName, "[\"body\",\"name\"]", "string_too_short");
        Map<String, Object> badName = body();
        badName.put("name", "bad--name");
        refused422(badName, "[\"body\",\"name\"]", "string_pattern_mismatch");
        Map<String, Object> noCompose = body();
        noCompose.remove("compose_file");
        refused422(noCompose, "[\"body\",\"compose_file\"]", "missing");
        Map<String, Object> composeText = body();
        composeText.put("compose_file", "services: {}");
        refused422(composeText, "[\"body\",\"compose_file\"]", "dict_type");
        Map<String, Object> badNode = body();
        badNode.put("teepod_id", "twelve");
        refused422(badNode, "[\"body\",\"teepod_id\"]", "int_parsing");
        Map<String, Object> badEnvs = body();
        badEnvs.put("compose_file", Map.of("docker_compose_file", "x", "allowed_envs", List.of("A", 7)));
        refused422(badEnvs, "[\"body\",\"compose_file\",\"allowed_envs\",1]", "string_type");
        Map<String, Object> zeroCpu = body();
        zeroCpu.put("vcpu", 0);
        refused422(zeroCpu, "[\"body\",\"vcpu\"]", "greater_than");
        String before = snapshot();
        assertThat(http(alice).post("/cvms/provision", "[1,2]").status()).isEqualTo(422);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void composeProblemsAre400() {
        Map<String, Object> empty = body();
        empty.put("compose_file", Map.of("name", "x"));
        refused400(empty, 400, "ERR-01-002");
        Map<String, Object> huge = body();
        huge.put("compose_file", Map.of("docker_compose_file", "a".repeat(150 * 1024), "pre_launch_script", "b".repeat(60 * 1024)));
        refused400(huge, 400, "ERR-01-003");
    }

    @Test
    void nodeImageAndTypeProblemsHaveTheirCodes() {
        Map<String, Object> unknownNode = body();
        unknownNode.put("teepod_id", 987654);
        refused400(unknownNode, 404, "ERR-01-001");
        Map<String, Object> viaNodeId = body();
        viaNodeId.remove("teepod_id");
        viaNodeId.put("node_id", 987655);
        refused400(viaNodeId, 404, "ERR-01-001");

        long closed = node(4, 8192, 10);
        jdbc.sql("UPDATE nodes SET open_to_all = FALSE WHERE id = ?").param(closed).update();
        Map<String, Object> notMine = body();
        notMine.put("teepod_id", closed);
        refused400(notMine, 404, "ERR-01-001");

        Map<String, Object> noImage = body();
        noImage.put("image", "dstack-9.9.9");
        refused400(noImage, 400, "ERR-02-010");

        Map<String, Object> noType = body();
        noType.put("instance_type", "tdx.gigantic");
        refused400(noType, 404, "ERR-02-001");

        Map<String, Object> tooBig = body();
        tooBig.put("instance_type", "tdx.large");
        tooBig.put("vcpu", 8);
        refused400(tooBig, 400, "ERR-02-003");

        Map<String, Object> badAppId = body();
        badAppId.put("app_id", "not-hex");
        refused400(badAppId, 400, "ERR-02-008");
    }

    @Test
    void aNameInUseIsRefusedAtProvision() {
        String name = name("taken");
        assertThat(commitNew(alice, node, appId(), name).status()).isEqualTo(200);
        Map<String, Object> same = body();
        same.put("name", name);
        refused400(same, 409, "ERR-01-004");
    }

    @Test
    void anUnreachableKmsIs502AndChangesNothing() {
        long kms = new TestNodes(jdbc).devKms("dead-kms-" + SEQ.incrementAndGet(), "http://127.0.0.1:9/");
        jdbc.sql("UPDATE nodes SET kms_id = ? WHERE id = ?").params(kms, node).update();
        refused400(body(), 502, "ERR-02-103");
    }
}
