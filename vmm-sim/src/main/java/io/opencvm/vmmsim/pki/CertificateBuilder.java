package io.opencvm.vmmsim.pki;

import io.opencvm.vmmsim.crypto.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * An X.509 v3 certificate with a P-256 key, signed ECDSA-with-SHA256 by a {@link P256Key}. Built from
 * BouncyCastle's ASN.1 classes, which is all the simulator needs (no CSR or CRL machinery).
 */
public final class CertificateBuilder {

    private static final AlgorithmIdentifier ECDSA_SHA256 = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);

    private final X500Name subject;
    private final SubjectPublicKeyInfo subjectKey;
    private X500Name issuer;
    private BigInteger serial;
    private Instant notBefore = Instant.parse("1975-01-01T00:00:00Z");
    private Instant notAfter = Instant.parse("4096-01-01T00:00:00Z");
    private final ExtensionsGenerator extensions = new ExtensionsGenerator();
    private final List<GeneralName> dnsNames = new ArrayList<>();
    private boolean keyIdentifiers;

    private CertificateBuilder(X500Name subject, byte[] spki) {
        this.subject = subject;
        this.subjectKey = SubjectPublicKeyInfo.getInstance(spki);
        this.issuer = subject;
        // A serial derived from the key unless one is given; positive, at most 20 bytes.
        this.serial = new BigInteger(1, Arrays.copyOf(Sha256.hash(spki), 16));
    }

    public static CertificateBuilder forKey(X500Name subject, P256Key subjectKey) {
        return new CertificateBuilder(subject, subjectKey.spki());
    }

    /** For a key known only by its DER SubjectPublicKeyInfo (a CSR's). */
    public static CertificateBuilder forPublicKey(X500Name subject, byte[] spki) {
        return new CertificateBuilder(subject, spki);
    }

    public CertificateBuilder issuer(X500Name name) {
        this.issuer = name;
        return this;
    }

    public CertificateBuilder serial(BigInteger value) {
        this.serial = value;
        return this;
    }

    public CertificateBuilder validity(Instant from, Instant until) {
        this.notBefore = from;
        this.notAfter = until;
        return this;
    }

    /** Basic constraints: a CA with an optional path length, or (null) an end entity. */
    public CertificateBuilder ca(Integer pathLength) {
        BasicConstraints constraints = pathLength == null ? new BasicConstraints(true) : new BasicConstraints(pathLength);
        return extension(Extension.basicConstraints, true, constraints);
    }

    public CertificateBuilder endEntity() {
        return extension(Extension.basicConstraints, true, new BasicConstraints(false));
    }

    /** {@code KeyUsage} bits, e.g. {@code KeyUsage.keyCertSign | KeyUsage.cRLSign}. */
    public CertificateBuilder keyUsage(int bits) {
        return extension(Extension.keyUsage, true, new KeyUsage(bits));
    }

    public CertificateBuilder extendedKeyUsage(KeyPurposeId... purposes) {
        return extension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
    }

    public CertificateBuilder dnsName(String name) {
        dnsNames.add(new GeneralName(GeneralName.dNSName, name));
        return this;
    }

    /** Subject and authority key identifiers (SHA-1 of the public key, RFC 5280 §4.2.1.2 method 1). */
    public CertificateBuilder keyIdentifiers() {
        this.keyIdentifiers = true;
        return this;
    }

    /** A non-critical extension whose value is {@code OCTET STRING (bytes)}, as RA-TLS extensions are. */
    public CertificateBuilder octetExtension(ASN1ObjectIdentifier oid, byte[] bytes) {
        return extension(oid, false, new DEROctetString(bytes));
    }

    public CertificateBuilder extension(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        try {
            extensions.addExtension(oid, critical, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Signs with {@code issuerKey} (the subject key for a self-signed certificate) and returns the DER. */
    public byte[] signWith(P256Key issuerKey) {
        if (!dnsNames.isEmpty()) {
            extension(Extension.subjectAlternativeName, false, new GeneralNames(dnsNames.toArray(GeneralName[]::new)));
        }
        if (keyIdentifiers) {
            extension(Extension.subjectKeyIdentifier, false,
                    new SubjectKeyIdentifier(keyId(subjectKey.getPublicKeyData().getBytes())));
            extension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(keyId(issuerKey.publicPoint())));
        }
        V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
        tbs.setSerialNumber(new ASN1Integer(serial));
        tbs.setSignature(ECDSA_SHA256);
        tbs.setIssuer(issuer);
        tbs.setStartDate(new Time(Date.from(notBefore)));
        tbs.setEndDate(new Time(Date.from(notAfter)));
        tbs.setSubject(subject);
        tbs.setSubjectPublicKeyInfo(subjectKey);
        if (!extensions.isEmpty()) {
            tbs.setExtensions(extensions.generate());
        }
        TBSCertificate certificate = tbs.generateTBSCertificate();
        try {
            byte[] signature = issuerKey.signDer(certificate.getEncoded("DER"));
            ASN1EncodableVector v = new ASN1EncodableVector();
            v.add(certificate);
            v.add(ECDSA_SHA256);
            v.add(new DERBitString(signature));
            return new DERSequence(v).getEncoded("DER");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] keyId(byte[] publicPoint) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(publicPoint);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
