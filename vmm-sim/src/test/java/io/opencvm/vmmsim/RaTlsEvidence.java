package io.opencvm.vmmsim;

import io.opencvm.vmmsim.pki.Pem;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;

/** The evidence in a guest's {@code app_cert}: its certificates and the RA-TLS quote and event log extensions. */
record RaTlsEvidence(List<X509Certificate> chain, byte[] quote, byte[] eventLog) {

    static RaTlsEvidence of(String pemChain) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> chain = Pem.certificates(pemChain).stream().map(der -> {
                try {
                    return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            return new RaTlsEvidence(chain, extension(chain.get(0), "1.3.6.1.4.1.62397.1.1"),
                    extension(chain.get(0), "1.3.6.1.4.1.62397.1.2"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The DER value inside an extension's extnValue. */
    static byte[] extensionRaw(X509Certificate cert, String oid) {
        return ASN1OctetString.getInstance(cert.getExtensionValue(oid)).getOctets();
    }

    /** An RA-TLS extension's content: extnValue holds an OCTET STRING of the bytes. */
    static byte[] extension(X509Certificate cert, String oid) {
        byte[] value = cert.getExtensionValue(oid);
        return value == null ? null
                : ASN1OctetString.getInstance(ASN1OctetString.getInstance(value).getOctets()).getOctets();
    }
}
