package io.opencvm.vmmsim.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opencvm.vmmsim.RpcClient;
import io.opencvm.vmmsim.pki.P256Key;
import io.opencvm.vmmsim.pki.Pem;
import io.opencvm.vmmsim.prpc.Hex;
import io.opencvm.vmmsim.tdx.RaTls;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code SignCert} with v1 CSRs: the chain a guest gets, and the refusals of a CSR that does not hold up. */
class SignCertTest {

    private static final String APP = "21d83c2b423ee05367ed8eba02c650ada2cb19b4";
    private static final byte[] EVENT_LOG = ("[{\"imr\":3,\"event_type\":134217729,\"digest\":\"00\",\"event\":\"app-id\","
            + "\"event_payload\":\"" + APP + "\"}]").getBytes(StandardCharsets.UTF_8);
    private KmsSimulator kms;
    private RpcClient client;
    private final P256Key key = P256Key.random(new SecureRandom());

    @BeforeEach
    void start() {
        kms = KmsSimulator.start(KmsProfile.defaults().withSeed("sign-cert"),
                Clock.fixed(Instant.parse("2026-08-07T10:00:00Z"), ZoneOffset.UTC));
        client = new RpcClient(kms.baseUri());
    }

    @AfterEach
    void stop() {
        kms.close();
    }

    @Test
    void aBoundCsrGetsLeafAppCaAndKmsCaWithTheAppIdInTheAppCa() throws Exception {
        CertSigningRequest csr = csr(CertSigningRequest.CONFIRM, quoteBinding(key.spki()));
        JsonNode chain = client.call("SignCert", request(1, csr, key.signDer(csr.encode())))
                .get("certificate_chain");
        List<X509Certificate> certs = new ArrayList<>();
        for (JsonNode pem : chain) {
            certs.add((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Pem.certificates(pem.asString()).get(0))));
        }
        assertThat(certs).hasSize(3);
        certs.get(0).verify(certs.get(1).getPublicKey());
        certs.get(1).verify(certs.get(2).getPublicKey());
        certs.get(2).verify(certs.get(2).getPublicKey());
        assertThat(certs.get(0).getPublicKey().getEncoded()).isEqualTo(key.spki());
        assertThat(certs.get(2).getSubjectX500Principal().getName()).isEqualTo("CN=Dstack KMS CA,O=Dstack");
        assertThat(chain.get(2).asString()).isEqualTo(client.call("GetMeta", "").get("ca_cert").asString());
        assertThat(certs.get(1).getBasicConstraints()).isEqualTo(0);
        assertThat(certs.get(0).getBasicConstraints()).isEqualTo(-1);
    }

    @Test
    void aCsrThatDoesNotHoldUpIsRefusedWithTheKmsText() {
        CertSigningRequest bound = csr(CertSigningRequest.CONFIRM, quoteBinding(key.spki()));
        byte[] otherSignature = P256Key.random(new SecureRandom()).signDer(bound.encode());
        assertThat(client.callFails("SignCert", request(1, bound, otherSignature)))
                .isEqualTo("Failed to verify csr signature: Invalid signature");

        CertSigningRequest wrongWord = csr("sign it", quoteBinding(key.spki()));
        assertThat(client.callFails("SignCert", request(1, wrongWord, key.signDer(wrongWord.encode()))))
                .isEqualTo("Failed to verify csr signature: Invalid confirm word");

        CertSigningRequest unbound = csr(CertSigningRequest.CONFIRM, quoteBinding(new byte[] {1, 2, 3}));
        assertThat(client.callFails("SignCert", request(1, unbound, key.signDer(unbound.encode()))))
                .isEqualTo("Quote verification failed: report data mismatch");

        assertThat(client.callFails("SignCert", request(3, bound, key.signDer(bound.encode()))))
                .isEqualTo("Unsupported API version: 3");
        Map<String, Object> garbled = request(1, bound, key.signDer(bound.encode()));
        garbled.put("csr", "00ff");
        assertThat(client.callFails("SignCert", garbled)).startsWith("Failed to parse csr: ");
    }

    @Test
    void theCsrEncodingRoundTripsAndRejectsTrailingBytes() {
        CertSigningRequest csr = new CertSigningRequest(CertSigningRequest.CONFIRM, key.spki(), "Org", "subject",
                List.of("a.example", "b.example"), true, false, true, new byte[300], EVENT_LOG);
        CertSigningRequest back = CertSigningRequest.decode(csr.encode());
        assertThat(back.subject()).isEqualTo("subject");
        assertThat(back.orgName()).isEqualTo("Org");
        assertThat(back.altNames()).containsExactly("a.example", "b.example");
        assertThat(back.quote()).hasSize(300);
        assertThat(back.usageServerAuth()).isTrue();
        assertThat(back.usageClientAuth()).isFalse();
        byte[] longer = Arrays.copyOf(csr.encode(), csr.encode().length + 1);
        assertThatThrownBy(() -> CertSigningRequest.decode(longer)).hasMessage("trailing bytes after the request");
    }

    private CertSigningRequest csr(String confirm, byte[] quote) {
        return new CertSigningRequest(confirm, key.spki(), null, "demo-cert", List.of(), false, true, true, quote,
                EVENT_LOG);
    }

    /** A quote-sized blob whose report data (at byte 568) binds {@code spki}; the KMS checks only that here. */
    private static byte[] quoteBinding(byte[] spki) {
        byte[] quote = new byte[48 + 584];
        System.arraycopy(RaTls.reportData(spki), 0, quote, 48 + 520, 64);
        return quote;
    }

    private static Map<String, Object> request(int version, CertSigningRequest csr, byte[] signature) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("api_version", version);
        body.put("csr", Hex.encode(csr.encode()));
        body.put("signature", Hex.encode(signature));
        body.put("vm_config", "");
        return body;
    }
}
