package io.opencvm.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.replica.SimFleet.SimNode;
import io.opencvm.testsupport.Await;
import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.SettableClock;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import io.opencvm.vmmsim.crypto.EnvCipher;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Shared set-up of the replica tests: one server context (workers and reconciler on, fast), a fleet of
 * simulators per test, accounts, a source CVM made through provision + commit that is running on its
 * node, and "what exists" snapshots that refusals compare.
 */
@ServerTest
@Import(ReplicaTestConfig.class)
@TestPropertySource(properties = {"opencvm.operations.poll-interval=PT0.05S", "opencvm.reconcile.interval=PT0.1S",
        "opencvm.operations.retry.initial=PT0.1S", "opencvm.nodes.probe-interval=PT1H", "opencvm.nodes.offline-after=1",
        "opencvm.scheduled-delete.interval=PT0.2S", "opencvm.rollouts.poll-interval=PT0.05S"})
public abstract class ReplicaTestBase {

    static final AtomicLong SEQ = new AtomicLong(System.nanoTime() % 1_000_000);
    protected static final String COMPOSE = "services:\n  app:\n    image: nginx\n";

    /** A CVM made through the API and running; {@code encryptedEnv} is the hex the commit sent. */
    public record Source(String vmUuid, String name, String appId, String composeHash, String envPubkey, String encryptedEnv,
                  SimNode node, JsonNode vm) {
    }

    /** Everything a replicate could leave behind: rows, reservations, commit tokens and VMs on nodes. */
    public record World(long cvms, long operations, String reserved, long tokens, int vms) {
    }

    @LocalServerPort
    protected int port;
    @Autowired
    protected JdbcClient jdbc;
    @Autowired
    SettableClock clock;
    @Autowired
    HookedIdempotencyKeys idempotencyKeys;

    protected SimFleet fleet;

    @BeforeEach
    void startFleet() {
        fleet = new SimFleet(jdbc, "f" + SEQ.incrementAndGet());
    }

    @AfterEach
    void stopFleet() {
        idempotencyKeys.reset();
        clock.reset();
        fleet.close();
    }

    protected TestAccount account(String prefix) {
        return new TestAccounts(jdbc).workspaceWithKey(prefix + "-" + SEQ.incrementAndGet());
    }

    protected TestHttp api(TestAccount account) {
        return TestHttp.to(port).api().as(account.apiKey()).version("2026-01-21");
    }

    /** {@code POST /cvms/{cvmId}/replicas} as {@code api}. */
    static TestHttp.Reply replicate(TestHttp api, String cvmId, Object body) {
        return api.post("/cvms/" + cvmId + "/replicas", body);
    }

    protected static String name(String prefix) {
        return prefix + "-" + SEQ.incrementAndGet();
    }

    /** Provisions and commits a CVM of a new app on {@code node} with an encrypted env, and waits until it runs. */
    protected Source source(TestAccount account, SimNode node, String name, int vcpu, int memoryMb) {
        TestHttp api = api(account);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("teepod_id", node.id());
        body.put("vcpu", vcpu);
        body.put("memory", memoryMb);
        body.put("compose_file", Map.of("docker_compose_file", COMPOSE, "allowed_envs", List.of("GREETING")));
        TestHttp.Reply provision = api.post("/cvms/provision", body);
        assertThat(provision.status()).as(provision.body()).isEqualTo(200);
        String appId = provision.json().get("app_id").asString();
        String hash = provision.json().get("compose_hash").asString();
        String pubkey = provision.json().get("app_env_encrypt_pubkey").asString();
        String env = encrypt(pubkey, "hi from " + name);
        TestHttp.Reply commit = api.post("/cvms", Map.of("app_id", appId, "compose_hash", hash, "encrypted_env", env));
        assertThat(commit.status()).as(commit.body()).isEqualTo(200);
        String vmUuid = commit.json().get("vm_uuid").asString();
        awaitRunning(account, vmUuid);
        return new Source(vmUuid, name, appId, hash, pubkey, env, node, commit.json());
    }

    protected Source source(TestAccount account, SimNode node) {
        return source(account, node, name("src"), 1, 2048);
    }

    /** {@code {"env":[{"key":"GREETING","value":…}]}} sealed to the app's env key, as hex. */
    protected static String encrypt(String pubkeyHex, String greeting) {
        String plain = "{\"env\":[{\"key\":\"GREETING\",\"value\":\"" + greeting + "\"}]}";
        try {
            return HexFormat.of().formatHex(EnvCipher.encrypt(HexFormat.of().parseHex(pubkeyHex),
                    plain.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    protected JsonNode awaitRunning(TestAccount account, String vmUuid) {
        TestHttp api = api(account);
        JsonNode cvm = Await.until(() -> api.get("/cvms/" + vmUuid).json(), c -> c != null && c.has("status")
                && "running".equals(c.get("status").asString()) && !c.get("in_progress").asBoolean());
        assertThat(cvm.get("status").asString()).as("CVM " + vmUuid + ": " + cvm).isEqualTo("running");
        return cvm;
    }

    protected World world() {
        return new World(count("cvms"), count("operations"),
                jdbc.sql("SELECT COALESCE(SUM(vcpu_reserved), 0) || '/' || COALESCE(SUM(memory_mb_reserved), 0) || '/'"
                        + " || COALESCE(SUM(disk_gb_reserved), 0) || '/' || COALESCE(SUM(slots_reserved), 0) FROM nodes")
                        .query(String.class).single(),
                count("commit_tokens"), fleet.allVms().size());
    }

    /**
     * The refusal has this status (and error code, when given; a 422 without one is FastAPI's {@code detail}
     * list), and nothing at all was created or held.
     */
    protected void assertRefusedAndNothingChanged(TestHttp.Reply reply, int status, String errorCode, World before) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        if (errorCode != null) {
            assertThat(reply.errorCode()).as(reply.body()).isEqualTo(errorCode);
        }
        if (status == 422 && errorCode == null) {
            assertThat(reply.json().get("detail").isArray()).as(reply.body()).isTrue();
            assertThat(reply.json().at("/detail/0/loc").isArray()).as(reply.body()).isTrue();
        }
        assertThat(world()).isEqualTo(before);
    }

    protected long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }

    /** The live CVMs of an app, from the database. */
    long liveCvmsOfApp(String appId) {
        return jdbc.sql("SELECT COUNT(*) FROM cvms WHERE app_id = ? AND deleted_at IS NULL").param(appId)
                .query(Long.class).single();
    }
}
