package io.opencvm.vmmsim.node;

import io.opencvm.vmmsim.guest.GuestFacts;
import io.opencvm.vmmsim.kms.CertSigningRequest;
import io.opencvm.vmmsim.pki.Names;
import io.opencvm.vmmsim.pki.P256Key;
import io.opencvm.vmmsim.pki.Pem;
import io.opencvm.vmmsim.prpc.Hex;
import io.opencvm.vmmsim.prpc.Json;
import io.opencvm.vmmsim.prpc.RpcError;
import io.opencvm.vmmsim.tdx.DstackCertRequest;
import io.opencvm.vmmsim.tdx.Measurement;
import io.opencvm.vmmsim.tdx.RaTls;
import io.opencvm.vmmsim.tdx.TdxPlatform;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The guest agent's {@code app_cert} ({@code request_demo_cert}): a fresh P-256 key, a TDX quote whose report data
 * is {@code sha512("ratls-cert:" ‖ SPKI)}, the event log beside it, and a certificate {@code CN=demo-cert} for
 * client auth carrying both. A KMS app has it signed by its KMS ({@code SignCert}, v1 CSR): leaf, app CA, KMS CA.
 * Any other app signs it with its own local CA ({@code App Root CA}): leaf, CA.
 */
final class AppCertificateIssuer {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final TdxPlatform platform;
    private final KmsClient kms;

    AppCertificateIssuer(TdxPlatform platform, KmsClient kms) {
        this.platform = platform;
        this.kms = kms;
    }

    /** The PEM chain joined as the agent joins it ({@code "\n"} between certificates). */
    String issue(GuestFacts facts, Measurement measurement, String kmsUrl, Instant now) {
        P256Key key = P256Key.random(RANDOM);
        byte[] quote = platform.quote(measurement, RaTls.reportData(key.spki()));
        byte[] eventLog = Json.MAPPER.writeValueAsString(measurement.eventLogJson()).getBytes(StandardCharsets.UTF_8);
        List<String> chain = kmsUrl == null ? localChain(facts, key, quote, eventLog, now)
                : kmsChain(kmsUrl, key, quote, eventLog);
        return String.join("\n", chain);
    }

    private List<String> kmsChain(String kmsUrl, P256Key key, byte[] quote, byte[] eventLog) {
        CertSigningRequest csr = new CertSigningRequest(CertSigningRequest.CONFIRM, key.spki(), null, "demo-cert",
                List.of(), false, true, true, quote, eventLog);
        byte[] encoded = csr.encode();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("api_version", 1);
        request.put("csr", Hex.encode(encoded));
        request.put("signature", Hex.encode(key.signDer(encoded)));
        request.put("vm_config", "");
        JsonNode response = kms.call(kmsUrl, "SignCert", request);
        List<String> chain = new ArrayList<>();
        response.path("certificate_chain").forEach(pem -> chain.add(pem.asString()));
        if (chain.isEmpty()) {
            throw new RpcError("Failed to sign the CSR: empty certificate chain");
        }
        return chain;
    }

    private static List<String> localChain(GuestFacts facts, P256Key key, byte[] quote, byte[] eventLog, Instant now) {
        P256Key caKey = P256Key.derive("opencvm-sim/local-app-ca/" + facts.vmId());
        DstackCertRequest ca = new DstackCertRequest(caKey.spki(), null, "App Root CA", List.of(), 1, null, null, null,
                null, false, false);
        byte[] caDer = ca.issue(ca.name(), caKey, now);
        byte[] leaf = new DstackCertRequest(key.spki(), null, "demo-cert", List.of(), null, null, "app:custom", quote,
                eventLog, false, true).issue(Names.of(null, "App Root CA"), caKey, now);
        return List.of(Pem.certificate(leaf), Pem.certificate(caDer));
    }
}
