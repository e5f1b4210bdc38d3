package io.opencvm.attestation;

import java.security.cert.X509Certificate;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;

/** Intel's SGX extension of a PCK certificate ({@code 1.2.840.113741.1.13.1}): PPID and FMSPC, in hex. */
record PckExtensions(String ppid, String fmspc) {

    private static final String SGX = "1.2.840.113741.1.13.1";

    /** Empty values when the certificate has no (readable) SGX extension. */
    static PckExtensions of(X509Certificate pck) {
        byte[] value = pck.getExtensionValue(SGX);
        if (value == null) {
            return new PckExtensions(null, null);
        }
        String ppid = null;
        String fmspc = null;
        try {
            ASN1Sequence entries = ASN1Sequence.getInstance(ASN1OctetString.getInstance(value).getOctets());
            for (ASN1Encodable entry : entries) {
                ASN1Sequence pair = ASN1Sequence.getInstance(entry);
                String oid = ASN1ObjectIdentifier.getInstance(pair.getObjectAt(0)).getId();
                if (oid.equals(SGX + ".1")) {
                    ppid = octets(pair.getObjectAt(1));
                } else if (oid.equals(SGX + ".4")) {
                    fmspc = octets(pair.getObjectAt(1));
                }
            }
        } catch (IllegalArgumentException e) {
            return new PckExtensions(null, null);
        }
        return new PckExtensions(ppid, fmspc);
    }

    private static String octets(ASN1Encodable value) {
        return HexFormat.of().formatHex(ASN1OctetString.getInstance(value).getOctets());
    }
}
