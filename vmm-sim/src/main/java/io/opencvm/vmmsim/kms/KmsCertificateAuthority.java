package io.opencvm.vmmsim.kms;

import io.opencvm.vmmsim.pki.Names;
import io.opencvm.vmmsim.pki.P256Key;
import io.opencvm.vmmsim.pki.Pem;
import io.opencvm.vmmsim.prpc.Json;
import io.opencvm.vmmsim.prpc.RpcError;
import io.opencvm.vmmsim.tdx.DstackCertRequest;
import io.opencvm.vmmsim.tdx.RaTls;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The KMS's certificates: its self-signed {@code Dstack KMS CA} and, per app, a {@code Dstack App CA} derived
 * from the root key, which signs the guests' RA-TLS certificates ({@code SignCert}). Chains come back as dstack's
 * KMS returns them: leaf, app CA, KMS CA.
 *
 * <p>Simulator deviation: the real KMS fully verifies the CSR's quote against Intel collateral and re-runs the boot
 * authorization. Here the CSR signature, the confirm word and the quote's report-data binding to the CSR key
 * are checked, and the app id is read from the event log's {@code app-id} event; {@code GetAppKey} already
 * decided whether the app may boot.
 */
final class KmsCertificateAuthority {

    private static final X500Name ROOT_NAME = Names.of("Dstack", "Dstack KMS CA");
    private static final X500Name APP_CA_NAME = Names.of("Dstack", "Dstack App CA");
    /** The report data sits at the end of the 584-byte TD report that follows the 48-byte header. */
    private static final int REPORT_DATA_OFFSET = 48 + 520;

    private final KmsRootKeys keys;
    private final String rootPem;

    KmsCertificateAuthority(KmsRootKeys keys, Instant now) {
        this.keys = keys;
        P256Key root = keys.caKey();
        this.rootPem = Pem.certificate(new DstackCertRequest(root.spki(), "Dstack", "Dstack KMS CA", List.of(), 1,
                null, null, null, null, false, false).issue(ROOT_NAME, root, now));
    }

    String rootPem() {
        return rootPem;
    }

    /** {@code SignCert} for {@code api_version} 1; the error texts are the real KMS's. */
    List<String> signCert(long apiVersion, byte[] csrBytes, byte[] signature, Instant now) {
        if (apiVersion != 1) {
            throw new RpcError("Unsupported API version: " + apiVersion);
        }
        CertSigningRequest csr;
        try {
            csr = CertSigningRequest.decode(csrBytes);
        } catch (IllegalArgumentException e) {
            throw new RpcError("Failed to parse csr: " + e.getMessage());
        }
        if (!signatureValid(csr, signature)) {
            throw new RpcError("Failed to verify csr signature: Invalid signature");
        }
        if (!csr.confirm().equals(CertSigningRequest.CONFIRM)) {
            throw new RpcError("Failed to verify csr signature: Invalid confirm word");
        }
        byte[] quote = csr.quote();
        if (quote.length < REPORT_DATA_OFFSET + 64
                || !Arrays.equals(Arrays.copyOfRange(quote, REPORT_DATA_OFFSET, REPORT_DATA_OFFSET + 64),
                RaTls.reportData(csr.pubkey()))) {
            throw new RpcError("Quote verification failed: report data mismatch");
        }
        byte[] appId = appIdOf(csr.eventLog());
        P256Key appCaKey = keys.appCaKey(appId);
        String appCa = Pem.certificate(new DstackCertRequest(appCaKey.spki(), "Dstack", "Dstack App CA", List.of(), 0,
                appId, "app:ca", null, null, false, false).issue(ROOT_NAME, keys.caKey(), now));
        byte[] leaf = new DstackCertRequest(csr.pubkey(), csr.orgName(), csr.subject(), csr.altNames(), null, appId,
                "app:custom", csr.extQuote() ? quote : null, csr.eventLog(), csr.usageServerAuth(),
                csr.usageClientAuth()).issue(APP_CA_NAME, appCaKey, now);
        return List.of(Pem.certificate(leaf), appCa, rootPem);
    }

    private static boolean signatureValid(CertSigningRequest csr, byte[] signature) {
        try {
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(csr.pubkey()));
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(csr.encode());
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] appIdOf(byte[] eventLog) {
        try {
            for (JsonNode event : Json.MAPPER.readTree(eventLog)) {
                if (event.path("imr").asInt() == 3 && event.path("event").asString("").equals("app-id")) {
                    return HexFormat.of().parseHex(event.path("event_payload").asString(""));
                }
            }
        } catch (JacksonException | IllegalArgumentException e) {
            throw new RpcError("Failed to decode app info: invalid event log");
        }
        throw new RpcError("Failed to decode app info: event app-id not found");
    }
}
