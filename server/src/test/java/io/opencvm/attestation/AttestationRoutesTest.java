package io.opencvm.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.Await;
import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import io.opencvm.testsupport.TestNodes;
import io.opencvm.vmmsim.VmmSimulator;
import io.opencvm.vmmsim.kms.KmsProfile;
import io.opencvm.vmmsim.kms.KmsSimulator;
import io.opencvm.vmmsim.node.BootTimings;
import io.opencvm.vmmsim.node.NodeProfile;
import io.opencvm.vmmsim.pki.SimulatedTdxPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Attestation through the API: a CVM's evidence read from its simulated guest and verified against the simulator's
 * root (configured as a file, as an operator would), uploaded quotes, tampering, and who may see what.
 */
@ServerTest
@TestPropertySource(properties = {"opencvm.operations.poll-interval=PT0.05S", "opencvm.reconcile.interval=PT0.1S",
        "opencvm.operations.retry.initial=PT0.1S", "opencvm.nodes.probe-interval=PT1H"})
class AttestationRoutesTest {

    private static final AtomicLong SEQ = new AtomicLong(System.nanoTime() % 1_000_000);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @DynamicPropertySource
    static void simulatorRoot(DynamicPropertyRegistry registry) throws IOException {
        Path root = Files.createTempFile("opencvm-tdx-root", ".pem");
        Files.writeString(root, SimulatedTdxPki.rootCertificatePem());
        root.toFile().deleteOnExit();
        registry.add("opencvm.attestation.trusted-root", root::toString);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private KmsSimulator kms;
    private VmmSimulator sim;
    private TestAccount alice;
    private TestAccount mallory;
    private long nodeId;

    @BeforeEach
    void startNode() {
        String suffix = String.valueOf(SEQ.incrementAndGet());
        kms = KmsSimulator.start(KmsProfile.defaults());
        sim = VmmSimulator.start(NodeProfile.defaults("att-" + suffix).toBuilder().timings(BootTimings.instant())
                .kmsUrl(kms.baseUri().toString()).build());
        TestNodes nodes = new TestNodes(jdbc);
        long kmsPk = nodes.devKms("kms-" + suffix, kms.baseUri().toString());
        jdbc.sql("UPDATE kms SET is_default = FALSE WHERE id <> ?").param(kmsPk).update();
        nodeId = nodes.node("att-" + suffix, sim.baseUri().toString(), kmsPk, 8, 16384, 10, "dstack-0.5.4");
        alice = new TestAccounts(jdbc).workspaceWithKey("att-a-" + suffix);
        mallory = new TestAccounts(jdbc).workspaceWithKey("att-m-" + suffix);
    }

    @AfterEach
    void stopNode() {
        sim.close();
        kms.close();
    }

    private TestHttp api(TestAccount account) {
        return TestHttp.to(port).api().as(account.apiKey()).version("2026-01-21");
    }

    private TestHttp anonymous() {
        return TestHttp.to(port).api();
    }

    /** A running CVM of alice's; [vm_uuid, app_id]. */
    private String[] runningCvm() {
        JsonNode provision = api(alice).post("/cvms/provision", Map.of("name", "att-" + SEQ.incrementAndGet(),
                "teepod_id", nodeId, "instance_type", "tdx.small", "compose_file",
                Map.of("docker_compose_file", "services:\n  web:\n    image: nginx:1.27\n"))).json();
        String appId = provision.get("app_id").asString();
        String vmUuid = api(alice).post("/cvms", Map.of("app_id", appId,
                "compose_hash", provision.get("compose_hash").asString())).json().get("vm_uuid").asString();
        Await.until(() -> api(alice).get("/cvms/" + vmUuid).json(),
                c -> "running".equals(c.path("status").asString()) && !c.path("instance_id").isNull(), WAIT);
        return new String[] {vmUuid, appId};
    }

    private JsonNode attestation(String vmUuid) {
        return Await.until(() -> api(alice).get("/cvms/" + vmUuid + "/attestation").json(),
                a -> a.path("is_online").asBoolean() && a.path("app_certificates").size() > 0, WAIT);
    }

    @Test
    void aCvmsAttestationShowsItsChainAndTcbInfoAndVerifiesAgainstTheSimulatorsRootSayingSo() {
        String[] cvm = runningCvm();

        JsonNode att = attestation(cvm[0]);

        assertThat(att.get("error").isNull()).isTrue();
        JsonNode leaf = att.get("app_certificates").get(0);
        assertThat(leaf.get("position_in_chain").asInt()).isZero();
        assertThat(leaf.get("quote").asString()).matches("[0-9a-f]+");
        assertThat(leaf.get("app_id").asString()).isEqualTo(cvm[1]);
        JsonNode tcb = att.get("tcb_info");
        assertThat(tcb.get("rtmr3").asString()).matches("[0-9a-f]{96}");
        assertThat(tcb.get("event_log").size()).isGreaterThan(18);
        assertThat(att.get("compose_file").asString()).contains("docker_compose_file");
        JsonNode verification = att.get("verification");
        assertThat(verification.get("verified").asBoolean()).as(verification.toString()).isTrue();
        assertThat(verification.get("root_simulated").asBoolean()).isTrue();
        assertThat(verification.get("summary").asString()).contains("simulator").contains("proves nothing about real hardware");
        assertThat(verification.get("failures").size()).isZero();
    }

    @Test
    void anUploadedQuoteVerifiesIsKeptByChecksumAndIsServedRawAndAsParsed() {
        String quote = attestation(runningCvm()[0]).get("app_certificates").get(0).get("quote").asString();

        TestHttp.Reply upload = anonymous().post("/attestations/verify", Map.of("hex", "0x" + quote));

        assertThat(upload.status()).as(upload.body()).isEqualTo(200);
        JsonNode verdict = upload.json();
        assertThat(verdict.get("success").asBoolean()).as(verdict.toString()).isTrue();
        assertThat(verdict.get("proof_of_cloud").asBoolean()).isFalse(); // a simulated platform proves nothing
        String checksum = verdict.get("checksum").asString();
        assertThat(checksum).isEqualTo(HexFormat.of().formatHex(sha256(HexFormat.of().parseHex(quote))));
        assertThat(verdict.at("/quote/header/version").asInt()).isEqualTo(4);
        assertThat(verdict.at("/quote/body/rtmr3").asString()).matches("[0-9a-f]{96}");
        assertThat(verdict.at("/node_provider/ppid").asString()).isNotEmpty();

        assertThat(anonymous().get("/attestations/view/" + checksum).json().get("success").asBoolean()).isTrue();
        TestHttp.Reply raw = anonymous().get("/attestations/raw/" + checksum);
        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.header("Content-Type")).startsWith("application/octet-stream");
        TestHttp.Reply head = anonymous().send("HEAD", "/attestations/raw/" + checksum, TestHttp.NO_BODY);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(quote.length() / 2));
        assertThat(anonymous().send("HEAD", "/attestations/raw/" + "0".repeat(64), TestHttp.NO_BODY).status()).isEqualTo(404);
        TestHttp.Reply collateral = anonymous().get("/attestations/collateral/" + checksum);
        assertThat(collateral.status()).isEqualTo(400);
        assertThat(collateral.errorCode()).isEqualTo("ERR-07-003");
        assertThat(collateral.body()).contains("Intel");
        JsonNode recent = anonymous().get("/attestations/recent?limit=100").json();
        assertThat(recent.get("items").valueStream().map(i -> i.get("checksum").asString())).contains(checksum);

        long stored = jdbc.sql("SELECT COUNT(*) FROM attestation_quotes").query(Long.class).single();
        assertThat(anonymous().post("/attestations/verify", Map.of("hex", quote)).json().get("checksum").asString())
                .isEqualTo(checksum);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM attestation_quotes").query(Long.class).single()).isEqualTo(stored);
    }

    @Test
    void aTamperedQuoteOrEventLogFailsWithTheReason() {
        JsonNode att = attestation(runningCvm()[0]);
        byte[] quote = HexFormat.of().parseHex(att.get("app_certificates").get(0).get("quote").asString());
        ArrayNode eventLog = (ArrayNode) att.get("tcb_info").get("event_log");

        JsonNode genuine = anonymous().post("/attestations/verify", Map.of("hex", HexFormat.of().formatHex(quote),
                "event_log", eventLog)).json();
        assertThat(genuine.get("success").asBoolean()).as(genuine.toString()).isTrue();

        byte[] tampered = quote.clone();
        tampered[48 + 136] ^= 1; // a byte of the TD report's MRTD
        JsonNode bad = anonymous().post("/attestations/verify", Map.of("hex", HexFormat.of().formatHex(tampered))).json();
        assertThat(bad.get("success").asBoolean()).isFalse();
        assertThat(bad.get("failures").valueStream().map(f -> f.get("reason").asString())).contains("QUOTE_SIGNATURE_INVALID");
        assertThat(bad.get("summary").asString()).startsWith("Not verified");

        ArrayNode changedLog = eventLog.deepCopy();
        ObjectNode composeHash = (ObjectNode) changedLog.valueStream()
                .filter(e -> "compose-hash".equals(e.get("event").asString())).findFirst().orElseThrow();
        composeHash.put("event_payload", "00".repeat(32));
        JsonNode badLog = anonymous().post("/attestations/verify", Map.of("hex", HexFormat.of().formatHex(quote),
                "event_log", changedLog)).json();
        assertThat(badLog.get("success").asBoolean()).isFalse();
        assertThat(badLog.get("failures").valueStream().map(f -> f.get("reason").asString()))
                .contains("EVENT_LOG_ENTRY_TAMPERED");
    }

    @Test
    void badUploadsAreRefusedWithA422AndStoreNothing() {
        long before = jdbc.sql("SELECT COUNT(*) FROM attestation_quotes").query(Long.class).single();

        TestHttp.Reply notHex = anonymous().post("/attestations/verify", Map.of("hex", "xyz"));
        TestHttp.Reply missing = anonymous().post("/attestations/verify", Map.of());
        TestHttp.Reply badLog = anonymous().post("/attestations/verify", Map.of("hex", "00", "event_log", 5));
        TestHttp.Reply badLimit = anonymous().get("/attestations/recent?limit=500");

        assertThat(notHex.status()).isEqualTo(422);
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.body()).contains("\"hex\"");
        assertThat(badLog.status()).isEqualTo(422);
        assertThat(badLimit.status()).isEqualTo(422);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM attestation_quotes").query(Long.class).single()).isEqualTo(before);
        assertThat(anonymous().get("/attestations/view/" + "ab".repeat(32)).status()).isEqualTo(404);
    }

    @Test
    void anAppsAttestationsAndTcbEvaluationCoverItsCvmsAndOnlyForItsWorkspace() {
        String[] cvm = runningCvm();
        attestation(cvm[0]);

        JsonNode app = api(alice).get("/apps/" + cvm[1] + "/attestations").json();
        assertThat(app.get("app_id").asString()).isEqualTo(cvm[1]);
        JsonNode instance = app.get("instances").get(0);
        assertThat(instance.get("vm_uuid").asString()).isEqualTo(cvm[0]);
        assertThat(instance.get("quote").asString()).matches("[0-9a-f]+");
        assertThat(instance.at("/verification/verified").asBoolean()).isTrue();

        JsonNode tcb = api(alice).get("/apps/app_" + cvm[1] + "/attestations/tcb-evaluation").json();
        assertThat(tcb.get("update").asString()).isEqualTo("early");
        JsonNode evaluated = tcb.get("instances").get(0);
        assertThat(evaluated.get("ppid").asString()).isNotEmpty();
        assertThat(evaluated.get("evaluation_ok").isNull()).isTrue();
        assertThat(evaluated.get("error").asString()).contains("Intel PCS collateral");

        for (String path : new String[] {"/apps/" + cvm[1] + "/attestations", "/apps/" + cvm[1] + "/attestations/tcb-evaluation"}) {
            TestHttp.Reply theirs = api(mallory).get(path);
            TestHttp.Reply none = api(mallory).get(path.replace(cvm[1], "f".repeat(40)));
            assertThat(theirs.status()).isEqualTo(404);
            assertThat(theirs.body().replace(cvm[1], "X")).isEqualTo(none.body().replace("f".repeat(40), "X"));
        }
        TestHttp.Reply cvmOfOthers = api(mallory).get("/cvms/" + cvm[0] + "/attestation");
        assertThat(cvmOfOthers.status()).isIn(403, 404);
        assertThat(cvmOfOthers.body()).doesNotContain("BEGIN CERTIFICATE").doesNotContain("rtmr");
        assertThat(anonymous().get("/cvms/" + cvm[0] + "/attestation").status()).isEqualTo(401);
    }

    @Test
    void theAppFormOfAnAppWithAReplicaAnswersForItsOldestRunningInstanceAndOnlyInItsWorkspace() {
        String[] source = runningCvm();
        String replica = api(alice).post("/cvms/" + source[0] + "/replicas", Map.of()).json().get("vm_uuid").asString();
        Await.until(() -> api(alice).get("/cvms/" + replica).json(),
                c -> "running".equals(c.path("status").asString()) && !c.path("instance_id").isNull(), WAIT);
        String sourceRtmr3 = attestation(source[0]).at("/tcb_info/rtmr3").asString();
        String replicaRtmr3 = attestation(replica).at("/tcb_info/rtmr3").asString();
        assertThat(replicaRtmr3).isNotEqualTo(sourceRtmr3); // each instance's id is measured into its RTMR3
        String appForm = "/cvms/app_" + source[1];

        JsonNode app = attestation("app_" + source[1]);
        assertThat(app.get("name").asString()).isEqualTo(api(alice).get("/cvms/" + source[0]).json().get("name").asString());
        assertThat(app.at("/tcb_info/rtmr3").asString()).isEqualTo(sourceRtmr3);
        TestHttp.Reply elsewhere = api(alice).get(appForm); // every other route keeps the id ambiguous
        assertThat(elsewhere.status()).isEqualTo(400);
        assertThat(elsewhere.errorCode()).isEqualTo("ERR-03-010");

        TestHttp.Reply theirs = api(mallory).get(appForm + "/attestation");
        TestHttp.Reply none = api(mallory).get("/cvms/app_" + "f".repeat(40) + "/attestation");
        assertThat(theirs.status()).isEqualTo(404);
        assertThat(theirs.errorCode()).isEqualTo("ERR-03-001");
        assertThat(theirs.body().replace(source[1], "X")).isEqualTo(none.body().replace("f".repeat(40), "X"));

        assertThat(api(alice).post("/cvms/" + source[0] + "/stop", null).status()).isEqualTo(200);
        Await.until(() -> api(alice).get("/cvms/" + source[0]).json(), c -> "stopped".equals(c.path("status").asString()), WAIT);
        JsonNode afterStop = attestation("app_" + source[1]); // the oldest instance that still runs
        assertThat(afterStop.at("/tcb_info/rtmr3").asString()).isEqualTo(replicaRtmr3);
    }

    @Test
    void theNodesPlatformIdsArePublic() {
        String deviceId = jdbc.sql("SELECT device_id FROM nodes WHERE id = ?").param(nodeId).query(String.class).single();

        assertThat(anonymous().get("/attestations/device_ids").json().valueStream().map(JsonNode::asString)).contains(deviceId);
        JsonNode nodes = anonymous().get("/attestations/nodes").json();
        JsonNode ours = nodes.valueStream().filter(n -> n.get("id").asLong() == nodeId).findFirst().orElseThrow();
        assertThat(ours.get("object_type").asString()).isEqualTo("node");
        assertThat(ours.get("device_id").asString()).isEqualTo(deviceId);
        assertThat(anonymous().get("/attestations/ppids").status()).isEqualTo(200);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
