package io.opencvm.sshkey;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** {@code /user/ssh-keys}: a user's own keys, checked as OpenSSH does; GitHub imports through a stand-in GitHub. */
@ServerTest
class SshKeysTest {

    static final String ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH0wXJKU3s3QMRHFpwjwpZQ9b5W5q0BujX3wz4Nz4QDs alice@laptop";
    static final String ED25519_FINGERPRINT = "SHA256:DNZ2OQ7usZWwFPeaE1M+fSQ17jqPgerhB+6CAeK/wGg";
    static final String RSA_2048 = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCXPyZCA4dvazsDCGSfSsDWnlQG0uzAdB0hXG8FO3VEOq5qxt9TE7QRRevxxm4xAcqCJgLzMgsjSIU8Ew6OypdA1pjkY47RRZQMVQghTLZCmc5cFc6cwk755e2Va0ZZllrEXax6SawvPj8Vj70I1b3o76WXj+nVtFMWZCOky31CsgKoU57XvTMLlT4exdTP2tkV5p9gX9Nzy1CrnSNq5DDJYgm41sWCbeG0TWgpoO2es8lqADJ7l0mhoeMDqTgcAMbOsz7NNqscrqgMLE28Qr8OKxFZQRxadXpcPptJUElVGswvq5gZF51CyroCrbTbCJFUx8yeU3hQD0w4XBeFvYaj bob";
    static final String RSA_2048_FINGERPRINT = "SHA256:Unv44IXCpQIP2v0abA9nI5LAqdyzhHkl1B3a57swTRY";
    static final String RSA_1024 = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDLYtBgcWIzqTTyTwee7nFR8VO3ohUSYq+9Glg7rHGqzovTbbysPtKEQ4rjT1be8VpaO/DkQzjbA2d0xkhWMekeUGxBQgQa8D9OhlFNWdInzT/Sx61xdY1AGz+oJmOXL/hfdIoL04SirbaH1kXZK6cPnaqCmxFLnmEylENN0Lj/OQ== root@vm";
    static final String ECDSA_384 = "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBPhfuljs93ErPHwQzd7QP1s1H4OK336RVtUykpmXYGmfcFmIah/HJO0B2+qDMnoeMPL9M/YB7ibzvWbaOey97nh5b+iIWbN+1SId2aJz36ZXjTyjEgbRf9zHFM06ucip6A== carol";
    static final String ECDSA_384_FINGERPRINT = "SHA256:EtwlgKSreuYSuAGzXN/7XGF3kcMzsU+tszQA+WsInkg";

    private static final AtomicLong SEQ = new AtomicLong(System.nanoTime() % 1_000_000);
    /** Released when the class is done: the "slow" GitHub user's answer never comes before that. */
    private static final CountDownLatch DONE = new CountDownLatch(1);
    private static final HttpServer GITHUB = fakeGithub();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private TestAccount alice;
    private TestAccount mallory;

    @DynamicPropertySource
    static void github(DynamicPropertyRegistry registry) {
        registry.add("opencvm.ssh-keys.github-api-url", () -> "http://127.0.0.1:" + GITHUB.getAddress().getPort());
        registry.add("opencvm.ssh-keys.github-timeout", () -> "PT1S");
    }

    @AfterAll
    static void stopGithub() {
        DONE.countDown();
        GITHUB.stop(0);
    }

    @BeforeEach
    void accounts() {
        alice = new TestAccounts(jdbc).workspaceWithKey("ssh-a-" + SEQ.incrementAndGet());
        mallory = new TestAccounts(jdbc).workspaceWithKey("ssh-m-" + SEQ.incrementAndGet());
    }

    private TestHttp api(TestAccount account) {
        return TestHttp.to(port).api().as(account.apiKey());
    }

    private long storedKeys() {
        return jdbc.sql("SELECT COUNT(*) FROM ssh_keys").query(Long.class).single();
    }

    @Test
    void addedKeysAreListedWithTheirOpensshFingerprintAndDeletedByTheirId() {
        TestHttp.Reply added = api(alice).post("/user/ssh-keys", Map.of("name", "laptop", "public_key", ED25519));
        api(alice).post("/user/ssh-keys", Map.of("name", "desk", "public_key", RSA_2048));
        api(alice).post("/user/ssh-keys", Map.of("name", "ci", "public_key", ECDSA_384));

        assertThat(added.status()).isEqualTo(201);
        JsonNode key = added.json();
        assertThat(key.get("id").asString()).startsWith("sshkey_");
        assertThat(key.get("name").asString()).isEqualTo("laptop");
        assertThat(key.get("public_key").asString()).isEqualTo(ED25519.substring(0, ED25519.lastIndexOf(' ')));
        assertThat(key.get("fingerprint").asString()).isEqualTo(ED25519_FINGERPRINT);
        assertThat(key.get("key_type").asString()).isEqualTo("ed25519");
        assertThat(key.get("source").asString()).isEqualTo("manual");
        assertThat(key.get("user_id").asString()).isNotBlank();
        assertThat(key.get("last_synced_at").isNull()).isTrue();
        JsonNode list = api(alice).get("/user/ssh-keys").json();
        assertThat(list.valueStream().map(k -> k.get("fingerprint").asString()))
                .containsExactly(ED25519_FINGERPRINT, RSA_2048_FINGERPRINT, ECDSA_384_FINGERPRINT);
        assertThat(list.get(1).get("key_metadata").get("bits").asInt()).isEqualTo(2048);
        assertThat(list.get(2).get("key_type").asString()).isEqualTo("ecdsa");

        assertThat(api(alice).delete("/user/ssh-keys/" + key.get("id").asString()).status()).isEqualTo(204);

        assertThat(api(alice).get("/user/ssh-keys").json().valueStream().map(k -> k.get("name").asString()))
                .containsExactly("desk", "ci");
    }

    @Test
    void aMalformedOrWeakKeyIsRefusedWithItsReasonAndNothingIsStored() {
        long before = storedKeys();

        TestHttp.Reply weak = api(alice).post("/user/ssh-keys", Map.of("name", "old", "public_key", RSA_1024));
        TestHttp.Reply notBase64 = api(alice).post("/user/ssh-keys", Map.of("name", "x", "public_key", "ssh-ed25519 !!!"));
        TestHttp.Reply wrongType = api(alice).post("/user/ssh-keys", Map.of("name", "x",
                "public_key", "ssh-rsa " + ED25519.split(" ")[1]));
        TestHttp.Reply twoLines = api(alice).post("/user/ssh-keys", Map.of("name", "x", "public_key", ED25519 + "\n" + RSA_2048));
        TestHttp.Reply dsa = api(alice).post("/user/ssh-keys", Map.of("name", "x", "public_key", "ssh-dss AAAAB3NzaC1kc3M="));
        TestHttp.Reply noName = api(alice).post("/user/ssh-keys", Map.of("public_key", ED25519));
        TestHttp.Reply longName = api(alice).post("/user/ssh-keys", Map.of("name", "n".repeat(101), "public_key", ED25519));
        TestHttp.Reply noBody = api(alice).post("/user/ssh-keys", TestHttp.NO_BODY);

        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.errorCode()).isEqualTo("ERR-08-002");
        assertThat(weak.body()).contains("2048");
        assertThat(notBase64.errorCode()).isEqualTo("ERR-08-002");
        assertThat(wrongType.errorCode()).isEqualTo("ERR-08-002");
        assertThat(twoLines.errorCode()).isEqualTo("ERR-08-002");
        assertThat(dsa.errorCode()).isEqualTo("ERR-08-002");
        assertThat(noName.status()).isEqualTo(422);
        assertThat(longName.status()).isEqualTo(422);
        assertThat(noBody.status()).isEqualTo(422);
        assertThat(storedKeys()).isEqualTo(before);
    }

    @Test
    void theSameKeyTwiceIsAConflict() {
        api(alice).post("/user/ssh-keys", Map.of("name", "laptop", "public_key", ED25519));

        TestHttp.Reply again = api(alice).post("/user/ssh-keys", Map.of("name", "again", "public_key", ED25519 + "-renamed"));

        assertThat(again.status()).isEqualTo(409);
        assertThat(api(alice).get("/user/ssh-keys").json().size()).isEqualTo(1);
    }

    @Test
    void anotherUsersKeyAnswersLikeAMissingOneAndIsNotListed() {
        String aliceKey = api(alice).post("/user/ssh-keys", Map.of("name", "laptop", "public_key", ED25519)).json()
                .get("id").asString();

        TestHttp.Reply foreign = api(mallory).delete("/user/ssh-keys/" + aliceKey);
        TestHttp.Reply missing = api(mallory).delete("/user/ssh-keys/sshkey_00000000000000000000");

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.errorCode()).isEqualTo("ERR-08-001");
        assertThat(foreign.body().replace(aliceKey, "ID")).isEqualTo(missing.body().replace("sshkey_00000000000000000000", "ID"));
        assertThat(api(mallory).get("/user/ssh-keys").json().size()).isZero();
        assertThat(api(mallory).post("/user/ssh-keys", Map.of("name", "mine", "public_key", ED25519)).status())
                .as("a key is unique per user, not across users").isEqualTo(201);
        assertThat(api(alice).get("/user/ssh-keys").json().size()).isEqualTo(1);
    }

    @Test
    void aGithubProfileImportAddsNewKeysSkipsKnownOnesAndListsBadOnes() {
        api(alice).post("/user/ssh-keys", Map.of("name", "laptop", "public_key", ED25519));

        TestHttp.Reply imported = api(alice).post("/user/ssh-keys/github-profile", Map.of("github_username", "octocat"));

        assertThat(imported.status()).isEqualTo(200);
        assertThat(imported.json().get("github_username").asString()).isEqualTo("octocat");
        assertThat(imported.json().get("keys_added").asInt()).isEqualTo(1);
        assertThat(imported.json().get("keys_skipped").asInt()).isEqualTo(1);
        assertThat(imported.json().get("errors").get(0).asString()).contains("Key 3");
        JsonNode github = api(alice).get("/user/ssh-keys").json().get(1);
        assertThat(github.get("source").asString()).isEqualTo("github");
        assertThat(github.get("fingerprint").asString()).isEqualTo(RSA_2048_FINGERPRINT);
        assertThat(github.get("last_synced_at").isNull()).isFalse();
    }

    @Test
    void aGithubThatDoesNotAnswerOrKnowTheUserIsAClearErrorWithinTheTimeoutAndChangesNothing() {
        long before = storedKeys();
        long start = System.nanoTime();

        TestHttp.Reply slow = api(alice).post("/user/ssh-keys/github-profile", Map.of("github_username", "slow"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        TestHttp.Reply ghost = api(alice).post("/user/ssh-keys/github-profile", Map.of("github_username", "ghost"));
        TestHttp.Reply badName = api(alice).post("/user/ssh-keys/github-profile", Map.of("github_username", "-x/../y"));
        TestHttp.Reply sync = api(alice).post("/user/ssh-keys/github-sync", TestHttp.NO_BODY);

        assertThat(slow.status()).isEqualTo(400);
        assertThat(slow.errorCode()).isEqualTo("ERR-08-003");
        assertThat(slow.json().get("detail").get("message").asString()).contains("did not answer within 1 s");
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        assertThat(ghost.errorCode()).isEqualTo("ERR-08-003");
        assertThat(ghost.body()).contains("'ghost' not found");
        assertThat(badName.status()).isEqualTo(422);
        assertThat(sync.status()).isEqualTo(400);
        assertThat(sync.errorCode()).isEqualTo("ERR-08-004");
        assertThat(storedKeys()).isEqualTo(before);
    }

    @Test
    void anUnreachableGithubIsAClearErrorWithoutWaiting() {
        GithubKeys unreachable = new GithubKeys(java.net.URI.create("http://127.0.0.1:1"), Duration.ofSeconds(2));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> unreachable.of("octocat"))
                .isInstanceOf(io.opencvm.api.ApiException.class)
                .hasMessageContaining("GitHub could not be reached");
    }

    private static HttpServer fakeGithub() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/users/octocat/keys", ex -> answer(ex, 200, "[{\"id\":1,\"key\":\""
                    + ED25519.substring(0, ED25519.lastIndexOf(' ')) + "\"},{\"id\":2,\"key\":\""
                    + RSA_2048.substring(0, RSA_2048.lastIndexOf(' ')) + "\"},{\"id\":3,\"key\":\"ssh-rsa AAAA\"}]"));
            server.createContext("/users/ghost/keys", ex -> answer(ex, 404, "{\"message\":\"Not Found\"}"));
            server.createContext("/users/slow/keys", ex -> {
                try {
                    DONE.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ex.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void answer(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
