package io.opencvm.vmmsim.tdx;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/**
 * dstack's RA-TLS conventions (v0.5 {@code ra-tls}): the certificate extensions that carry a TDX quote, its event
 * log, the app id and the certificate's special usage, and the report data that binds a quote to a certificate
 * key: {@code sha512("ratls-cert:" ‖ DER SubjectPublicKeyInfo)}.
 */
public final class RaTls {

    public static final ASN1ObjectIdentifier QUOTE = new ASN1ObjectIdentifier("1.3.6.1.4.1.62397.1.1");
    public static final ASN1ObjectIdentifier EVENT_LOG = new ASN1ObjectIdentifier("1.3.6.1.4.1.62397.1.2");
    public static final ASN1ObjectIdentifier APP_ID = new ASN1ObjectIdentifier("1.3.6.1.4.1.62397.1.3");
    public static final ASN1ObjectIdentifier CERT_USAGE = new ASN1ObjectIdentifier("1.3.6.1.4.1.62397.1.4");

    private RaTls() {
    }

    /** {@code QuoteContentType::RaTlsCert.to_report_data(spki)} with the default hash, SHA-512. */
    public static byte[] reportData(byte[] spki) {
        try {
            MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
            sha512.update("ratls-cert:".getBytes(StandardCharsets.US_ASCII));
            return sha512.digest(spki);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
