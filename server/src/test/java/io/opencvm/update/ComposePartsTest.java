package io.opencvm.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.app.AppCompose;
import io.opencvm.app.ComposeEdit;
import io.opencvm.replica.SimFleet.SimNode;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One part of the compose at a time (docker-compose, pre-launch script), the published whole-compose submit and the
 * legacy {@code PUT /cvms/{id}/compose} of {@code phala cvms upgrade}: what the guest boots with afterwards.
 */
class ComposePartsTest extends UpdateTestBase {

    private static final String NEW_COMPOSE = "services:\n  app:\n    image: nginx:1.27\n";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TestAccount alice;
    private SimNode a;

    @BeforeEach
    void setUp() {
        alice = account("parts");
        a = fleet.node("a", 16, 32768, 20);
    }

    @Test
    void aYamlBodyReplacesTheDockerComposeAndTheGuestBootsWithIt() {
        Source src = source(alice, a);
        String path = "/cvms/" + src.vmUuid();
        assertThat(api(alice).get(path + "/docker-compose.yml").json().asString()).isEqualTo(COMPOSE);

        TestHttp.Reply reply = api(alice).with("Content-Type", "text/yaml").patch(path + "/docker-compose", NEW_COMPOSE);

        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        assertThat(reply.json().get("status").asString()).isEqualTo("in_progress");
        assertThat(reply.json().get("correlation_id").asString()).startsWith("op_");
        awaitUpdated(alice, src.vmUuid());
        assertThat(bootedCompose(src).get("docker_compose_file").asString()).isEqualTo(NEW_COMPOSE);
        assertThat(api(alice).get(path + "/docker-compose.yml").json().asString()).isEqualTo(NEW_COMPOSE);
        assertThat(a.sim().decryptedEnv(vmOf(a, src.vmUuid()).id())).containsEntry("GREETING", "hi from " + src.name());
    }

    @Test
    void aMultipartFileReplacesTheDockerCompose() {
        Source src = source(alice, a);
        String boundary = "b0undary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"docker-compose.yml\""
                + "\r\nContent-Type: text/yaml\r\n\r\n" + NEW_COMPOSE + "\r\n--" + boundary + "--\r\n";

        TestHttp.Reply reply = api(alice).with("Content-Type", "multipart/form-data; boundary=" + boundary)
                .patch("/cvms/" + src.vmUuid() + "/docker-compose", body);

        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        awaitUpdated(alice, src.vmUuid());
        assertThat(bootedCompose(src).get("docker_compose_file").asString()).isEqualTo(NEW_COMPOSE);
    }

    @Test
    void aPreLaunchScriptIsReadAsEmptyUntilOneIsSetThenBootedWith() {
        Source src = source(alice, a);
        String path = "/cvms/" + src.vmUuid() + "/pre-launch-script";
        String script = "#!/bin/sh\necho ready\n";
        assertThat(api(alice).get(path).json().asString()).isEmpty();

        TestHttp.Reply reply = api(alice).with("Content-Type", "text/plain").patch(path, script);

        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        awaitUpdated(alice, src.vmUuid());
        assertThat(bootedCompose(src).get("pre_launch_script").asString()).isEqualTo(script);
        assertThat(api(alice).get(path).json().asString()).isEqualTo(script);
    }

    @Test
    void aWholeComposeWithItsHashIsAppliedAndAWrongHashChangesNothing() {
        Source src = source(alice, a);
        String path = "/cvms/" + src.vmUuid() + "/compose_file";
        JsonNode current = api(alice).get(path).json();
        Map<String, Object> compose = JSON.convertValue(current, Map.class);
        compose.put("docker_compose_file", NEW_COMPOSE);
        compose.remove("env_pubkey");
        String hash = AppCompose.canonical(JSON.writeValueAsString(compose)).hash();
        Row before = row(src.vmUuid());

        TestHttp.Reply wrong = api(alice).post(path, Map.of("compose_file", compose, "compose_hash", "ab".repeat(32)));

        assertThat(wrong.status()).as(wrong.body()).isEqualTo(400);
        assertThat(wrong.errorCode()).isEqualTo("ERR-02-008");
        assertThat(row(src.vmUuid())).isEqualTo(before);

        TestHttp.Reply reply = api(alice).post(path, Map.of("compose_file", compose, "compose_hash", hash));

        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        assertThat(reply.json().get("compose_hash").asString()).isEqualTo(hash);
        awaitUpdated(alice, src.vmUuid());
        assertThat(AppCompose.sha256Hex(vmOf(a, src.vmUuid()).configuration().composeFile())).isEqualTo(hash);
    }

    @Test
    void theLegacyUpgradeRunsTheNewComposeWithTheNewEnvAndItsNames() {
        Source src = source(alice, a);
        String env = sealed(src.envPubkey(), Map.of("TOKEN", "t-2", "GREETING", "dropped"));

        TestHttp.Reply reply = api(alice).send("PUT", "/cvms/app_" + src.appId() + "/compose", Map.of(
                "compose_manifest", Map.of("docker_compose_file", NEW_COMPOSE, "manifest_version", 1,
                        "name", "app_" + src.appId(), "allowed_envs", List.of("TOKEN")),
                "encrypted_env", env, "allow_restart", true, "env_keys", List.of("TOKEN")));

        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        awaitUpdated(alice, src.vmUuid());
        JsonNode booted = bootedCompose(src);
        assertThat(booted.get("docker_compose_file").asString()).isEqualTo(NEW_COMPOSE);
        assertThat(booted.get("name").asString()).as("the app's identity is kept").isNotEqualTo("app_" + src.appId());
        assertThat(a.sim().decryptedEnv(vmOf(a, src.vmUuid()).id())).containsOnly(Map.entry("TOKEN", "t-2"));
    }

    @Test
    void theLegacyUpgradeWithoutAnEnvKeepsTheEnvAndItsNames() {
        Source src = source(alice, a);

        TestHttp.Reply reply = api(alice).send("PUT", "/cvms/" + src.vmUuid() + "/compose", Map.of(
                "compose_manifest", Map.of("docker_compose_file", NEW_COMPOSE, "allowed_envs", List.of()),
                "allow_restart", true, "env_keys", List.of()));

        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        awaitUpdated(alice, src.vmUuid());
        assertThat(bootedCompose(src).get("allowed_envs").get(0).asString()).isEqualTo("GREETING");
        assertThat(a.sim().decryptedEnv(vmOf(a, src.vmUuid()).id())).containsEntry("GREETING", "hi from " + src.name());
    }

    @Test
    void badInputIsRefusedAndNothingChanges() {
        Source src = source(alice, a);
        String path = "/cvms/" + src.vmUuid();
        Row before = row(src.vmUuid());

        assertRefused(api(alice).with("Content-Type", "text/yaml").patch(path + "/docker-compose", " "), 400,
                "ERR-01-002", src, before);
        assertRefused(api(alice).with("Content-Type", "text/plain").patch(path + "/pre-launch-script", ""), 400,
                "ERR-02-008", src, before);
        assertRefused(api(alice).with("Content-Type", "text/yaml").patch(path + "/docker-compose",
                "x".repeat(ComposeEdit.MAX_BYTES + 1)), 400, "ERR-01-003", src, before);
        // A JSON body is not how a compose file or a script is sent (text/yaml, text/plain, or a multipart file).
        assertRefused(api(alice).with("Content-Type", "application/json").patch(path + "/docker-compose",
                "{\"a\":1,}"), 415, "ERR-00-005", src, before);
        assertRefused(api(alice).with("Content-Type", "application/json").patch(path + "/pre-launch-script",
                "{\"script\":\"echo hi\"}"), 415, "ERR-00-005", src, before);
        assertRefused(api(alice).post(path + "/compose_file", Map.of("compose_hash", "ab".repeat(32))), 422, null,
                src, before);
        assertRefused(api(alice).post(path + "/compose_file", Map.of("compose_file", Map.of("docker_compose_file",
                NEW_COMPOSE), "compose_hash", "nothex")), 400, null, src, before);
        assertRefused(api(alice).send("PUT", path + "/compose", Map.of("compose_manifest", Map.of())), 400,
                "ERR-01-002", src, before);
        assertRefused(api(alice).send("PUT", path + "/compose", Map.of("encrypted_env", "zz")), 422, null, src, before);
    }

    @Test
    void anotherWorkspacesCvmIsNotFoundAndNothingChanges() {
        Source src = source(alice, a);
        TestAccount mallory = account("mal");
        String path = "/cvms/" + src.vmUuid();
        Row before = row(src.vmUuid());

        for (TestHttp.Reply reply : List.of(api(mallory).get(path + "/docker-compose.yml"),
                api(mallory).get(path + "/pre-launch-script"),
                api(mallory).with("Content-Type", "text/yaml").patch(path + "/docker-compose", NEW_COMPOSE),
                api(mallory).with("Content-Type", "text/plain").patch(path + "/pre-launch-script", "echo hi"),
                api(mallory).send("PUT", path + "/compose", Map.of("compose_manifest",
                        Map.of("docker_compose_file", NEW_COMPOSE))))) {
            assertRefused(reply, 404, "ERR-03-001", src, before);
        }
    }

    private JsonNode bootedCompose(Source src) {
        return JSON.readTree(vmOf(a, src.vmUuid()).configuration().composeFile());
    }
}
