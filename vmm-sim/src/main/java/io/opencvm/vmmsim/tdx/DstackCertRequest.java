package io.opencvm.vmmsim.tdx;

import io.opencvm.vmmsim.pki.CertificateBuilder;
import io.opencvm.vmmsim.pki.Names;
import io.opencvm.vmmsim.pki.P256Key;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * A certificate as dstack's {@code ra-tls} {@code CertRequest} makes it: subject {@code O=<org>, CN=<subject>},
 * key usage digital signature, optional server/client auth, DNS alternative names, the RA-TLS extensions (quote,
 * event log, app id, special usage) when given, a CA level for CA certificates, valid from rcgen's default
 * 1975-01-01 for ten years from issue.
 *
 * @param spki the key to certify (DER SubjectPublicKeyInfo)
 * @param orgName {@code null} = no organisation
 * @param caLevel {@code null} = an end-entity certificate
 * @param appId {@code null} = no app id extension
 * @param usage {@code null} = no special-usage extension (e.g. {@code app:custom}, {@code app:ca})
 * @param quote {@code null} = no quote and no event log extension
 */
public record DstackCertRequest(byte[] spki, String orgName, String subject, List<String> altNames, Integer caLevel,
        byte[] appId, String usage, byte[] quote, byte[] eventLog, boolean serverAuth, boolean clientAuth) {

    private static final Instant NOT_BEFORE = Instant.parse("1975-01-01T00:00:00Z");
    private static final Duration LIFETIME = Duration.ofDays(3650);

    public DstackCertRequest {
        altNames = List.copyOf(altNames);
    }

    public X500Name name() {
        return Names.of(orgName, subject);
    }

    /** Issues the certificate (DER) under {@code issuer}; a self-signed one when issuer is this request's name. */
    public byte[] issue(X500Name issuer, P256Key issuerKey, Instant now) {
        CertificateBuilder cert = CertificateBuilder.forPublicKey(name(), spki).issuer(issuer)
                .validity(NOT_BEFORE, now.plus(LIFETIME)).keyUsage(KeyUsage.digitalSignature);
        if (serverAuth && clientAuth) {
            cert.extendedKeyUsage(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
        } else if (serverAuth) {
            cert.extendedKeyUsage(KeyPurposeId.id_kp_serverAuth);
        } else if (clientAuth) {
            cert.extendedKeyUsage(KeyPurposeId.id_kp_clientAuth);
        }
        altNames.forEach(cert::dnsName);
        if (quote != null) {
            cert.octetExtension(RaTls.QUOTE, quote).octetExtension(RaTls.EVENT_LOG, eventLog);
        }
        if (appId != null) {
            cert.octetExtension(RaTls.APP_ID, appId);
        }
        if (usage != null) {
            cert.octetExtension(RaTls.CERT_USAGE, usage.getBytes(StandardCharsets.UTF_8));
        }
        if (caLevel != null) {
            cert.ca(caLevel);
        }
        return cert.signWith(issuerKey);
    }
}
