package io.opencvm.vmmsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.vmmsim.pki.Pem;
import io.opencvm.vmmsim.pki.SimulatedTdxPki;
import io.opencvm.vmmsim.prpc.Hex;
import io.opencvm.vmmsim.prpc.Json;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The simulated guest's TDX quote, checked with an oracle written here from Intel's layout and dstack's rules
 * (not with the simulator's own code): structure, signatures, key binding, PCK chain and PPID, RTMR replay, and
 * the RA-TLS report data.
 */
class QuoteConformanceTest {

    @Test
    void theQuoteIsAStructurallyRealTdxQuoteV4SignedByTheSimulatedPckChain() throws Exception {
        try (SimHarness sim = new SimHarness()) {
            String id = sim.create("q", SimHarness.COMPOSE, Map.of());
            sim.settle();
            RaTlsEvidence evidence = RaTlsEvidence.of(sim.rpc.guest("Info", id).get("app_cert").asString());
            QuoteLayout q = new QuoteLayout(evidence.quote());

            assertThat(q.version()).isEqualTo(4);
            assertThat(q.attestationKeyType()).isEqualTo(2);
            assertThat(q.teeType()).isEqualTo(0x81);
            assertThat(Hex.encode(q.qeVendorId())).isEqualTo("939a7233f79c4ca9940a0db3957f0607");
            assertThat(q.signatureDataLength()).isEqualTo(evidence.quote().length - 48 - 584 - 4);
            assertThat(q.certificationDataType()).isEqualTo(6);
            assertThat(q.innerCertificationDataType()).isEqualTo(5);

            assertThat(verifyRaw(rawKey(q.attestationKey()), q.signedRegion(), q.signature())).isTrue();
            List<X509Certificate> pck = certificates(q.pckChain());
            assertThat(pck).hasSize(3);
            assertThat(verifyRaw(pck.get(0).getPublicKey(), q.qeReport(), q.qeReportSignature())).isTrue();
            byte[] binding = MessageDigest.getInstance("SHA-256").digest(concat(q.attestationKey(), q.qeAuthData()));
            assertThat(Arrays.copyOfRange(q.qeReport(), 320, 352)).isEqualTo(binding);
            assertThat(Arrays.copyOfRange(q.qeReport(), 352, 384)).isEqualTo(new byte[32]);

            pck.get(0).verify(pck.get(1).getPublicKey());
            pck.get(1).verify(pck.get(2).getPublicKey());
            assertThat(pck.get(2).getEncoded()).isEqualTo(SimulatedTdxPki.rootCertificateDer());
            assertThat(pck.get(2).getSubjectX500Principal().getName()).contains("opencvm simulated TDX root CA");
            byte[] ppid = ppid(pck.get(0));
            assertThat(Hex.encode(ppid)).isEqualTo(sim.node.profile().ppid());
            assertThat(Hex.encode(MessageDigest.getInstance("SHA-256").digest(ppid)))
                    .isEqualTo(sim.node.profile().deviceId());
        }
    }

    @Test
    void rtmrsAreTheReplayOfTheReportedEventLogAndReportDataBindsTheCertificateKey() throws Exception {
        try (SimHarness sim = new SimHarness()) {
            String id = sim.create("q", SimHarness.COMPOSE, Map.of());
            sim.settle();
            JsonNode info = sim.rpc.guest("Info", id);
            RaTlsEvidence evidence = RaTlsEvidence.of(info.get("app_cert").asString());
            QuoteLayout q = new QuoteLayout(evidence.quote());
            JsonNode tcb = Json.MAPPER.readTree(info.get("tcb_info").asString());
            JsonNode certLog = Json.MAPPER.readTree(evidence.eventLog());
            assertThat(certLog).isEqualTo(tcb.get("event_log"));

            for (JsonNode event : certLog) {
                if (event.get("event_type").asLong() == 0x08000001L) {
                    assertThat(event.get("digest").asString()).isEqualTo(Hex.encode(runtimeDigest(
                            event.get("event").asString(), Hex.decode(event.get("event_payload").asString()))));
                }
            }
            for (int i = 0; i < 4; i++) {
                assertThat(Hex.encode(q.rtmr(i))).isEqualTo(Hex.encode(replay(certLog, i)))
                        .isEqualTo(tcb.get("rtmr" + i).asString());
            }
            assertThat(Hex.encode(q.mrtd())).isEqualTo(tcb.get("mrtd").asString());
            assertThat(payload(certLog, "app-id")).isEqualTo(info.get("app_id").asString());
            assertThat(payload(certLog, "instance-id")).isEqualTo(info.get("instance_id").asString());
            assertThat(payload(certLog, "compose-hash")).isEqualTo(tcb.get("compose_hash").asString());
            String keyProvider = new String(Hex.decode(payload(certLog, "key-provider")), StandardCharsets.UTF_8);
            assertThat(keyProvider).startsWith("{\"name\":\"kms\",\"id\":\"3059301306072a8648ce3d0201");

            MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
            sha512.update("ratls-cert:".getBytes(StandardCharsets.US_ASCII));
            byte[] expected = sha512.digest(evidence.chain().get(0).getPublicKey().getEncoded());
            assertThat(q.reportData()).isEqualTo(expected);
        }
    }

    @Test
    void theCertificateChainEndsAtTheKmsCaAndTheAppCaIsTheSameForEveryInstanceOfTheApp() throws Exception {
        try (SimHarness sim = new SimHarness()) {
            String first = sim.create("a", SimHarness.COMPOSE, Map.of());
            String second = sim.create("b", SimHarness.COMPOSE, Map.of());
            sim.settle();
            RaTlsEvidence one = RaTlsEvidence.of(sim.rpc.guest("Info", first).get("app_cert").asString());
            RaTlsEvidence two = RaTlsEvidence.of(sim.rpc.guest("Info", second).get("app_cert").asString());
            X509Certificate kmsCa = certificates(new RpcClient(sim.kms.baseUri()).call("GetMeta", Map.of())
                    .get("ca_cert").asString()).get(0);
            assertThat(one.chain().get(2)).isEqualTo(kmsCa);
            one.chain().get(0).verify(one.chain().get(1).getPublicKey());
            one.chain().get(1).verify(kmsCa.getPublicKey());
            assertThat(one.chain().get(0).getSubjectX500Principal().getName()).isEqualTo("CN=demo-cert");
            assertThat(one.chain().get(1).getSubjectX500Principal().getName()).isEqualTo("CN=Dstack App CA,O=Dstack");
            assertThat(new String(RaTlsEvidence.extension(one.chain().get(0), "1.3.6.1.4.1.62397.1.4"),
                    StandardCharsets.UTF_8)).isEqualTo("app:custom");
            assertThat(one.chain().get(1).getPublicKey()).isEqualTo(two.chain().get(1).getPublicKey());

            QuoteLayout q1 = new QuoteLayout(one.quote());
            QuoteLayout q2 = new QuoteLayout(two.quote());
            assertThat(q1.mrtd()).isEqualTo(q2.mrtd());
            for (int i = 0; i < 3; i++) {
                assertThat(q1.rtmr(i)).isEqualTo(q2.rtmr(i));
            }
            assertThat(q1.rtmr(3)).isNotEqualTo(q2.rtmr(3));
        }
    }

    @Test
    void everyBootMeasuresAgainAndGetsAFreshCertificate() {
        try (SimHarness sim = new SimHarness()) {
            String id = sim.create("q", SimHarness.COMPOSE, Map.of());
            sim.settle();
            String before = sim.rpc.guest("Info", id).get("app_cert").asString();
            sim.rpc.call("StopVm", Map.of("id", id));
            sim.rpc.call("StartVm", Map.of("id", id));
            sim.settle();
            JsonNode after = sim.rpc.guest("Info", id);
            assertThat(after.get("app_cert").asString()).isNotEqualTo(before);
            RaTlsEvidence evidence = RaTlsEvidence.of(after.get("app_cert").asString());
            JsonNode log = Json.MAPPER.readTree(evidence.eventLog());
            assertThat(log.valueStream().filter(e -> e.get("event").asString().equals("app-id")).count()).isEqualTo(1);
        }
    }

    @Test
    void anAppWithoutKmsSignsItsCertificateWithItsOwnCaAndMeasuresKeyProviderNone() throws Exception {
        try (SimHarness sim = new SimHarness()) {
            String id = sim.create("local", SimHarness.COMPOSE.replace("\"kms_enabled\":true", "\"kms_enabled\":false"),
                    Map.of());
            sim.settle();
            RaTlsEvidence evidence = RaTlsEvidence.of(sim.rpc.guest("Info", id).get("app_cert").asString());
            assertThat(evidence.chain()).hasSize(2);
            evidence.chain().get(0).verify(evidence.chain().get(1).getPublicKey());
            assertThat(new String(Hex.decode(payload(Json.MAPPER.readTree(evidence.eventLog()), "key-provider")),
                    StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"none\",\"id\":\"\"}");
        }
    }

    static byte[] runtimeDigest(String name, byte[] payload) throws Exception {
        MessageDigest sha384 = MessageDigest.getInstance("SHA-384");
        sha384.update(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0x08000001).array());
        sha384.update((":" + name + ":").getBytes(StandardCharsets.UTF_8));
        return sha384.digest(payload);
    }

    static byte[] replay(JsonNode log, int imr) throws Exception {
        byte[] mr = new byte[48];
        for (JsonNode event : log) {
            if (event.get("imr").asInt() == imr) {
                MessageDigest sha384 = MessageDigest.getInstance("SHA-384");
                sha384.update(mr);
                mr = sha384.digest(Hex.decode(event.get("digest").asString()));
            }
        }
        return mr;
    }

    static String payload(JsonNode log, String event) {
        return log.valueStream().filter(e -> e.get("event").asString().equals(event)).findFirst().orElseThrow()
                .get("event_payload").asString();
    }

    static List<X509Certificate> certificates(String pem) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        return Pem.certificates(pem).stream().map(der -> {
            try {
                return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    static PublicKey rawKey(byte[] xy) throws Exception {
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp256r1"));
        ECPoint point = new ECPoint(new BigInteger(1, Arrays.copyOf(xy, 32)),
                new BigInteger(1, Arrays.copyOfRange(xy, 32, 64)));
        return KeyFactory.getInstance("EC").generatePublic(
                new ECPublicKeySpec(point, params.getParameterSpec(ECParameterSpec.class)));
    }

    static boolean verifyRaw(PublicKey key, byte[] message, byte[] rs) throws Exception {
        Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        verifier.initVerify(key);
        verifier.update(message);
        return verifier.verify(rs);
    }

    static byte[] ppid(X509Certificate pck) {
        ASN1Sequence sgx = ASN1Sequence.getInstance(RaTlsEvidence.extensionRaw(pck, "1.2.840.113741.1.13.1"));
        for (var entry : sgx) {
            ASN1Sequence pair = ASN1Sequence.getInstance(entry);
            if (pair.getObjectAt(0).equals(new ASN1ObjectIdentifier("1.2.840.113741.1.13.1.1"))) {
                return ASN1OctetString.getInstance(pair.getObjectAt(1)).getOctets();
            }
        }
        throw new AssertionError("no PPID in the PCK certificate");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
