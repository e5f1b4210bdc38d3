package io.opencvm.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.api.OperatorOnly;
import io.opencvm.testsupport.RawHttp;
import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Only an operator's key reaches the operator endpoints, however the path is spelled: the decision is
 * taken on the handler that was matched, and oddly spelled paths are refused before routing.
 */
@ServerTest
class OperatorAccessTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    TestAccount operator;
    TestAccount member;

    @BeforeEach
    void setUp() {
        long n = System.nanoTime() % 1_000_000;
        operator = new TestAccounts(jdbc).adminWorkspaceWithKey("ops-" + n);
        member = new TestAccounts(jdbc).workspaceWithKey("member-" + n);
    }

    /** Spellings of {@code /admin/<rest>} that a router, a container or a proxy might read as the same path. */
    static Stream<String> spellingsOf(String rest) {
        String tail = rest.substring(1);
        return Stream.of(
                "/%61dmin" + rest, "/%41dmin" + rest, "/adm%69n" + rest, "/admin/%" + Integer.toHexString(tail.charAt(0)) + tail.substring(1),
                "/admin;x" + rest, "/admin" + rest + ";x", "/admin;" + rest, "/;x/admin" + rest, "/admin;jsessionid=1" + rest,
                "//admin" + rest, "/admin/" + rest, "/./admin" + rest, "/admin/." + rest, "/api/v1/../../admin" + rest,
                "/api/v1/%2e%2e/%2e%2e/admin" + rest, "/api/v1/%2E%2E/%2E%2E/admin" + rest, "/%2561dmin" + rest,
                "/%2Fadmin" + rest, "/admin%2F" + tail, "/admin%2f" + tail, "/admin%5C" + tail, "/admin\\" + tail,
                "/admin%00" + rest, "/admin" + rest + "%00", "/admin%" + rest, "/admin%zz" + rest, "/ADMIN" + rest,
                "/Admin" + rest, "/admin" + rest + "/", "/admin" + rest + "%20", "/admin" + rest + "?x=/api/v1/auth/me",
                "/api/v1/auth/me/../../../admin" + rest, "/api/v1/openapi.json/../../../admin" + rest);
    }

    static Stream<String> spellingsOfUsers() {
        return spellingsOf("/users");
    }

    static Stream<String> spellingsOfApiKeys() {
        return Stream.concat(Stream.of("/admin/api-keys"), spellingsOf("/api-keys"));
    }

    @ParameterizedTest(name = "GET {0}")
    @MethodSource("spellingsOfUsers")
    void aMembersKeyNeverListsUsersWhateverThePathsSpelling(String target) {
        RawHttp.Reply reply = RawHttp.send(port, "GET", target, member.apiKey(), null);

        assertThat(reply.status()).as(target).isBetween(400, 499);
        assertThat(reply.body()).as(target).doesNotContain(operator.username());
        assertThat(errorCode(reply)).as("a JSON envelope for " + target).startsWith("ERR-");
    }

    @ParameterizedTest(name = "POST {0}")
    @MethodSource("spellingsOfApiKeys")
    void aMembersKeyNeverMintsAnOperatorKeyWhateverThePathsSpelling(String target) {
        long keysBefore = count("api_keys");
        String body = "{\"username\":\"" + operator.username() + "\",\"workspace_slug\":\"" + operator.slug() + "\"}";

        RawHttp.Reply reply = RawHttp.send(port, "POST", target, member.apiKey(), body);

        assertThat(reply.status()).as(target).isBetween(400, 499);
        assertThat(reply.body()).as(target).doesNotContain("\"key\"");
        assertThat(errorCode(reply)).as("a JSON envelope for " + target).startsWith("ERR-");
        assertThat(count("api_keys")).as("no key was made through " + target).isEqualTo(keysBefore);
    }

    @Test
    void theMembersKeyIsRefusedWithTheOperatorCodeOnThePlainPath() {
        RawHttp.Reply reply = RawHttp.send(port, "GET", "/admin/users", member.apiKey(), null);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(errorCode(reply)).isEqualTo("ERR-00-002");
    }

    @Test
    void anOperatorsKeyWorksOnThePlainPathOnly() {
        assertThat(RawHttp.send(port, "GET", "/admin/users", operator.apiKey(), null).status()).isEqualTo(200);
        RawHttp.Reply encoded = RawHttp.send(port, "GET", "/%61dmin/users", operator.apiKey(), null);
        assertThat(encoded.status()).isEqualTo(400);
        assertThat(errorCode(encoded)).isEqualTo("ERR-00-006");
    }

    @Test
    void oddlySpelledPathsAreRefusedOnTheApiAsWellAndChangeNothing() {
        long cvmsBefore = count("cvms");
        for (String target : List.of("/api/v1/auth;x/me", "/api/v1/%61uth/me", "/api//v1/auth/me", "/api/v1/./auth/me")) {
            RawHttp.Reply reply = RawHttp.send(port, "GET", target, member.apiKey(), null);
            assertThat(reply.status()).as(target).isEqualTo(400);
            assertThat(errorCode(reply)).as(target).isEqualTo("ERR-00-006");
        }
        assertThat(RawHttp.send(port, "GET", "/api/v1/auth/me", member.apiKey(), null).status()).isEqualTo(200);
        assertThat(count("cvms")).isEqualTo(cvmsBefore);
    }

    @Test
    void everyHandlerUnderAdminIsOperatorOnlyAndNoOtherIs() {
        Map<RequestMappingInfo, HandlerMethod> handlers = mappings.getHandlerMethods();
        assertThat(handlers).isNotEmpty();
        handlers.forEach((info, method) -> {
            boolean underAdmin = info.getPatternValues().stream().anyMatch(p -> p.startsWith("/admin"));
            boolean operatorOnly = ApiKeyAuthentication.marked(method, OperatorOnly.class);
            assertThat(operatorOnly).as(info + " -> " + method).isEqualTo(underAdmin);
        });
    }

    private long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }

    private static String errorCode(RawHttp.Reply reply) {
        assertThat(reply.contentType()).as("content type").startsWith("application/json");
        JsonNode body = JSON.readTree(reply.body());
        return body.at("/detail/error_code").asString("");
    }
}
