package io.opencvm.vmmsim.node;

import io.opencvm.vmmsim.pki.Pem;
import io.opencvm.vmmsim.prpc.Hex;
import java.util.List;
import org.bouncycastle.asn1.x509.Certificate;

/** The key-provider id of a KMS: the hex DER SubjectPublicKeyInfo of its CA certificate, as the guest records it. */
final class KmsCaKey {

    private KmsCaKey() {
    }

    /** Empty when the KMS sent no (or no readable) CA certificate. */
    static String spkiHex(String caCertPem) {
        List<byte[]> certs = Pem.certificates(caCertPem == null ? "" : caCertPem);
        if (certs.isEmpty()) {
            return "";
        }
        try {
            return Hex.encode(Certificate.getInstance(certs.get(0)).getSubjectPublicKeyInfo().getEncoded("DER"));
        } catch (java.io.IOException | IllegalArgumentException e) {
            return "";
        }
    }
}
