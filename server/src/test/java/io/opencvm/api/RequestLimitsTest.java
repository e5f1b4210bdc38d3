package io.opencvm.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.RawHttp;
import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * What a request may be: bodies over the limit are 413 before they are read whole (declared or chunked), JSON past
 * the read constraints and lists past their caps are 422, paging never overflows, and 405, 415 and any
 * {@code Accept} are answered in the JSON envelope, never a 5xx. Each refusal changes nothing.
 */
@ServerTest
@TestPropertySource(properties = {"opencvm.operations.workers=0", "opencvm.reconcile.enabled=false",
        "opencvm.nodes.probe-interval=PT1H"})
class RequestLimitsTest {

    private static final int LIMIT = 1 << 20;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private TestAccount alice;

    @BeforeEach
    void setUp() {
        alice = new TestAccounts(jdbc).workspaceWithKey("limits-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private TestHttp http() {
        return TestHttp.to(port).api().as(alice.apiKey());
    }

    private long rows() {
        return jdbc.sql("SELECT (SELECT COUNT(*) FROM cvms) + (SELECT COUNT(*) FROM provisions) + "
                + "(SELECT COUNT(*) FROM apps) + (SELECT COUNT(*) FROM operations)").query(Long.class).single();
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413BeforeItIsRead() {
        long before = rows();
        String big = "{\"name\":\"" + "a".repeat(LIMIT) + "\"}";
        RawHttp.Reply reply = RawHttp.send(port, "POST", "/api/v1/cvms/provision", alice.apiKey(), big);
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.body()).contains("\"error_code\":\"ERR-00-007\"");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void aChunkedBodyOverTheLimitIs413AtTheFirstByteTooMany() {
        long before = rows();
        byte[] chunk = ("{\"vm_uuids\":[\"" + "b".repeat(LIMIT) + "\"]}").getBytes(StandardCharsets.UTF_8);
        for (String path : List.of("/api/v1/status/batch", "/api/v1/cvms/x/replicas")) {
            RawHttp.Reply reply = RawHttp.sendChunked(port, "POST", path, alice.apiKey(), chunk, 64 * 1024);
            assertThat(reply.status()).as(path + " " + reply.body()).isEqualTo(413);
            assertThat(reply.body()).contains("\"error_code\":\"ERR-00-007\"");
        }
        RawHttp.Reply small = RawHttp.sendChunked(port, "POST", "/api/v1/status/batch", alice.apiKey(),
                "{\"vm_uuids\":[]}".getBytes(StandardCharsets.UTF_8), 4);
        assertThat(small.status()).as(small.body()).isEqualTo(200);
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void jsonPastTheReadConstraintsIs422JsonInvalid() {
        long before = rows();
        String deep = "[".repeat(JsonReadLimits.MAX_NESTING_DEPTH + 1) + "]".repeat(JsonReadLimits.MAX_NESTING_DEPTH + 1);
        String longNumber = "{\"teepod_id\":" + "9".repeat(JsonReadLimits.MAX_NUMBER_LENGTH + 1) + "}";
        String longName = "{\"" + "n".repeat(JsonReadLimits.MAX_NAME_LENGTH + 1) + "\":1}";
        for (String body : List.of("{\"a\":" + deep + "}", longNumber, longName)) {
            for (String path : List.of("/cvms/provision", "/cvms/x/replicas", "/status/batch")) {
                TestHttp.Reply reply = http().post(path, body);
                assertThat(reply.status()).as(path + " " + body.substring(0, 30)).isEqualTo(422);
                assertThat(reply.json().at("/detail/0/type").asString()).isEqualTo("json_invalid");
            }
        }
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void statusBatchTakesAtMost100Ids() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        assertThat(http().post("/status/batch", Map.of("vm_uuids", ids)).status()).isEqualTo(200);
        ids.add(UUID.randomUUID().toString());
        TestHttp.Reply tooMany = http().post("/status/batch", Map.of("vm_uuids", ids));
        assertThat(tooMany.status()).isEqualTo(422);
        assertThat(tooMany.json().at("/detail/0/type").asString()).isEqualTo("too_long");
        assertThat(tooMany.json().at("/detail/0/loc").toString()).isEqualTo("[\"body\",\"vm_uuids\"]");
    }

    @Test
    void pagingNeverOverflows() {
        for (String list : List.of("/cvms/paginated", "/apps", "/kms", "/workspaces/" + alice.slug() + "/nodes")) {
            TestHttp.Reply far = http().get(list + "?page=2147483647&page_size=100");
            assertThat(far.status()).as(list + " " + far.body()).isEqualTo(200);
            for (String page : List.of("2147483648", "99999999999999999999", "-2147483649", "1e3", "one")) {
                TestHttp.Reply bad = http().get(list + "?page=" + page);
                assertThat(bad.status()).as(list + " page=" + page + " " + bad.body()).isEqualTo(422);
            }
        }
    }

    @Test
    void methodMediaTypeAndAcceptRefusalsAreTheJsonEnvelope() {
        TestHttp.Reply method = http().send("PUT", "/apps", Map.of());
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.errorCode()).isEqualTo("ERR-00-004");
        TestHttp.Reply media = http().with("Content-Type", "text/plain").post("/cvms/provision", "name=x");
        assertThat(media.status()).as(media.body()).isEqualTo(415);
        assertThat(media.errorCode()).isEqualTo("ERR-00-005");
        for (String accept : List.of("text/html", "application/xml", "text/html;q=0.9,*/*;q=0.1", "nonsense/&&")) {
            for (TestHttp.Reply r : List.of(http().with("Accept", accept).get("/cvms/no-such"),
                    http().with("Accept", accept).send("PUT", "/apps", Map.of()),
                    http().with("Accept", accept).post("/cvms/provision", "{"),
                    http().with("Accept", accept).get("/auth/me"))) {
                assertThat(r.status()).as(accept + " " + r.body()).isBetween(200, 499).isNotEqualTo(406);
                assertThat(r.header("Content-Type")).as(accept).startsWith("application/json");
            }
        }
    }
}
