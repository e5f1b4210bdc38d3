package io.opencvm.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Every paged list of the API follows the one page rule over HTTP: 422s in FastAPI's shape, never a clamp or a 500. */
@ServerTest
class PageRuleTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private TestHttp api;
    private List<String> lists;

    @BeforeEach
    void setUp() {
        TestAccount account = new TestAccounts(jdbc).workspaceWithKey("pages-" + System.nanoTime() % 1_000_000);
        api = TestHttp.to(port).api().as(account.apiKey());
        lists = List.of("/cvms/paginated", "/apps", "/kms", "/workspaces/" + account.slug() + "/nodes");
    }

    @ParameterizedTest(name = "{0} is a 422 {2} at {1}")
    @CsvSource({
            "page=0, page, greater_than_equal",
            "page=-3, page, greater_than_equal",
            "page_size=0, page_size, greater_than_equal",
            "page_size=101, page_size, less_than_equal",
            "page=99999999999, page, int_parsing"})
    void aPageOutsideTheRuleIsRefusedOnEveryList(String query, String field, String type) {
        for (String list : lists) {
            TestHttp.Reply reply = api.get(list + "?" + query);
            assertThat(reply.status()).as(list + "?" + query).isEqualTo(422);
            assertThat(reply.json().at("/detail/0/loc").toString()).as(list).isEqualTo("[\"query\",\"" + field + "\"]");
            assertThat(reply.json().at("/detail/0/type").asString()).as(list).isEqualTo(type);
        }
    }

    @ParameterizedTest(name = "page {0}, page_size {1}")
    @CsvSource({"2147483647, 100", "2147483647, 1", "1000000, 100"})
    void aPageFarBeyondTheLastIsEmptyNeverAnOverflow(int page, int pageSize) {
        for (String list : lists) {
            TestHttp.Reply reply = api.get(list + "?page=" + page + "&page_size=" + pageSize);
            assertThat(reply.status()).as(list).isEqualTo(200);
            assertThat(reply.json().path(list.equals("/apps") ? "dstack_apps" : "items").size()).as(list).isZero();
            assertThat(reply.json().path("page").asLong()).as(list).isEqualTo(page);
            assertThat(reply.json().path("page_size").asInt()).as(list).isEqualTo(pageSize);
        }
    }
}
