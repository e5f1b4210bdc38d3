package io.opencvm.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs {@code bin/opencvm-admin} (bash + curl) against the test server. */
@ServerTest
class OpencvmAdminScriptTest {

    record Run(int exit, String out, String err) {
        JsonNode json() {
            return JsonMapper.builder().build().readTree(out);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path workDir;

    static Path script;
    TestAccount operator;
    long n;

    @BeforeAll
    static void findScriptAndCurl() throws Exception {
        assumeTrue(curlInstalled(), "curl is not installed");
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("bin/opencvm-admin"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("bin/opencvm-admin above " + Path.of("").toAbsolutePath()).isNotNull();
        script = dir.resolve("bin/opencvm-admin");
    }

    private static boolean curlInstalled() throws InterruptedException {
        try {
            return new ProcessBuilder("curl", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @BeforeEach
    void setUp() {
        n = System.nanoTime() % 1_000_000;
        operator = new TestAccounts(jdbc).adminWorkspaceWithKey("ops-" + n);
    }

    @Test
    void anOperatorManagesWorkspacesUsersAndKeysWithTheScript() {
        String slug = "lab-" + n;
        Run ws = admin(operator.apiKey(), "workspaces", "create", slug, "The \"Lab\"");
        assertThat(ws.exit()).as(ws.err()).isZero();
        assertThat(ws.json().get("name").stringValue()).isEqualTo("The \"Lab\"");
        assertThat(admin(operator.apiKey(), "workspaces", "list").json().get("data").findValuesAsString("slug")).contains(slug);

        Run user = admin(operator.apiKey(), "users", "create", "gina" + n, "gina@example.test", slug, "user");
        assertThat(user.exit()).as(user.err()).isZero();
        assertThat(admin(operator.apiKey(), "users", "list").json().get("data").findValuesAsString("username"))
                .contains("gina" + n);

        Run key = admin(operator.apiKey(), "keys", "create", "gina" + n, slug, "ci");
        assertThat(key.exit()).as(key.err()).isZero();
        String plaintext = key.json().get("key").stringValue();
        TestHttp api = TestHttp.to(port);
        assertThat(api.get("/api/v1/auth/me", plaintext).json().at("/workspace/slug").stringValue()).isEqualTo(slug);
        Run keys = admin(operator.apiKey(), "keys", "list");
        assertThat(keys.json().get("data").findValuesAsString("name")).contains("ci");
        assertThat(keys.out()).doesNotContain(plaintext);

        Run revoke = admin(operator.apiKey(), "keys", "revoke", key.json().get("id").stringValue());
        assertThat(revoke.exit()).as(revoke.err()).isZero();
        assertThat(api.get("/api/v1/auth/me", plaintext).status()).isEqualTo(401);
    }

    @Test
    void aRefusedRequestExitsOneWithTheServersErrorAndChangesNothing() {
        long workspaces = jdbc.sql("SELECT COUNT(*) FROM workspaces").query(Long.class).single();
        Run bad = admin(operator.apiKey(), "workspaces", "create", "Not A Slug", "x");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("422").contains("string_pattern_mismatch");
        Run duplicate = admin(operator.apiKey(), "workspaces", "create", operator.slug(), "again");
        assertThat(duplicate.exit()).isEqualTo(1);
        assertThat(duplicate.err()).contains("ERR-04-103");
        Run wrongKey = admin("not-a-key", "users", "list");
        assertThat(wrongKey.exit()).isEqualTo(1);
        assertThat(wrongKey.err()).contains("ERR-00-001");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM workspaces").query(Long.class).single()).isEqualTo(workspaces);
        assertThat(admin(operator.apiKey(), "keys").exit()).as("usage error").isEqualTo(2);
    }

    @Test
    void withoutOpencvmApiKeyTheScriptReadsTheKeyFileOfTheDataDir() throws IOException {
        Files.createDirectories(workDir.resolve("data"));
        Files.writeString(workDir.resolve("data/api-key"), operator.apiKey() + "\n");
        Run run = admin(null, "users", "list");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.json().get("data").findValuesAsString("username")).contains(operator.username());
    }

    @Test
    void nodesAddRegistersANodeThatNodesListThenShowsWithoutItsToken() throws IOException {
        String name = "script-node-" + System.nanoTime();
        Path node = workDir.resolve("node.json");
        Files.writeString(node, "{\"name\":\"" + name + "\",\"vmm_url\":\"http://127.0.0.1:9\",\"vmm_token\":\"node-secret\","
                + "\"vcpu\":4,\"memory_mb\":8192,\"disk_gb\":100,\"slots\":4}");
        Run added = admin(operator.apiKey(), "nodes", "add", node.toString());
        assertThat(added.exit()).as(added.err()).isZero();

        Run listed = admin(operator.apiKey(), "nodes", "list");
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.json().get("items").findValuesAsString("name")).contains(name);
        assertThat(listed.out()).doesNotContain("node-secret");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM nodes WHERE name = ?").param(name).query(Long.class).single()).isEqualTo(1L);
    }

    private Run admin(String key, String... args) {
        return run("http://127.0.0.1:" + port, key, args);
    }

    private Run run(String url, String key, String... args) {
        try {
            List<String> command = new ArrayList<>(List.of("bash", script.toString()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
            Map<String, String> env = builder.environment();
            env.put("OPENCVM_URL", url);
            env.remove("OPENCVM_DATA_DIR");
            if (key == null) {
                env.remove("OPENCVM_API_KEY");
            } else {
                env.put("OPENCVM_API_KEY", key);
            }
            Path out = workDir.resolve("out.txt");
            Path err = workDir.resolve("err.txt");
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("script finished").isTrue();
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
