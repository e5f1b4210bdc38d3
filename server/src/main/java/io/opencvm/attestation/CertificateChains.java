package io.opencvm.attestation;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** PEM certificate chains: parsing, RA-TLS extensions, and the summaries the API shows. */
public final class CertificateChains {

    /** dstack RA-TLS extensions (v0.5): TDX quote, event log, app id, special usage. */
    public static final String RA_TLS_QUOTE = "1.3.6.1.4.1.62397.1.1";
    public static final String RA_TLS_EVENT_LOG = "1.3.6.1.4.1.62397.1.2";
    public static final String RA_TLS_APP_ID = "1.3.6.1.4.1.62397.1.3";
    public static final String RA_TLS_CERT_USAGE = "1.3.6.1.4.1.62397.1.4";

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", Pattern.DOTALL);
    private static final Map<String, String> SIGNATURE_NAMES = Map.of(
            "1.2.840.10045.4.3.2", "ecdsa-with-SHA256", "1.2.840.10045.4.3.3", "ecdsa-with-SHA384",
            "1.2.840.10045.4.3.4", "ecdsa-with-SHA512", "1.2.840.113549.1.1.11", "sha256WithRSAEncryption",
            "1.2.840.113549.1.1.12", "sha384WithRSAEncryption", "1.3.101.112", "ed25519");

    private CertificateChains() {
    }

    /**
     * Every certificate of a PEM chain, in order.
     *
     * @throws IllegalArgumentException naming the certificate that does not parse
     */
    public static List<X509Certificate> parse(String pem) {
        List<X509Certificate> out = new ArrayList<>();
        Matcher m = PEM.matcher(pem == null ? "" : pem);
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            while (m.find()) {
                byte[] der;
                try {
                    der = Base64.getMimeDecoder().decode(m.group(1));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("certificate " + out.size() + " is not Base64");
                }
                try {
                    out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
                } catch (CertificateException e) {
                    throw new IllegalArgumentException("certificate " + out.size() + " does not parse: " + e.getMessage());
                }
            }
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** The summaries of a PEM chain, leaf first (position 0). */
    public static List<CertificateSummary> summarize(String pem) {
        List<X509Certificate> chain = parse(pem);
        List<CertificateSummary> out = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            out.add(summary(chain.get(i), i));
        }
        return out;
    }

    public static CertificateSummary summary(X509Certificate cert, Integer position) {
        X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        X500Name issuer = X500Name.getInstance(cert.getIssuerX500Principal().getEncoded());
        byte[] quote = extension(cert, RA_TLS_QUOTE);
        byte[] appId = extension(cert, RA_TLS_APP_ID);
        byte[] usage = extension(cert, RA_TLS_CERT_USAGE);
        HexFormat hex = HexFormat.of();
        return new CertificateSummary(
                new CertificateSummary.Subject(part(subject, BCStyle.CN), part(subject, BCStyle.O),
                        part(subject, BCStyle.C), part(subject, BCStyle.ST), part(subject, BCStyle.L)),
                new CertificateSummary.Issuer(part(issuer, BCStyle.CN), part(issuer, BCStyle.O), part(issuer, BCStyle.C)),
                cert.getSerialNumber().toString(16), cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant(),
                "v" + cert.getVersion(), hex.formatHex(sha256(encoded(cert))),
                SIGNATURE_NAMES.getOrDefault(cert.getSigAlgOID(), cert.getSigAlgName()), sans(cert),
                cert.getBasicConstraints() >= 0, position, quote == null ? null : hex.formatHex(quote),
                appId == null ? null : hex.formatHex(appId),
                usage == null ? null : new String(usage, StandardCharsets.UTF_8));
    }

    /** An RA-TLS extension's bytes (its extnValue holds an OCTET STRING), or {@code null} when absent. */
    public static byte[] extension(X509Certificate cert, String oid) {
        byte[] value = cert.getExtensionValue(oid);
        if (value == null) {
            return null;
        }
        try {
            return ASN1OctetString.getInstance(ASN1OctetString.getInstance(value).getOctets()).getOctets();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static byte[] encoded(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String part(X500Name name, ASN1ObjectIdentifier type) {
        RDN[] rdns = name.getRDNs(type);
        if (rdns.length == 0) {
            return null;
        }
        ASN1Encodable value = rdns[0].getFirst().getValue();
        return value instanceof ASN1String s ? s.getString() : value.toString();
    }

    private static List<String> sans(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> entry : cert.getSubjectAlternativeNames()) {
                    Object kind = entry.get(0);
                    if (Integer.valueOf(2).equals(kind) || Integer.valueOf(7).equals(kind)) {
                        out.add(String.valueOf(entry.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return out;
        }
        return out;
    }
}
