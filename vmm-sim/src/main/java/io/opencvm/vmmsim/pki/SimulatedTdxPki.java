package io.opencvm.vmmsim.pki;

import java.time.Instant;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * The simulated stand-in for Intel's SGX/TDX provisioning PKI: a root CA, a platform CA, and one PCK leaf per
 * platform whose SGX extension carries the platform's PPID (so {@code device_id = sha256(ppid)} holds, as dstack
 * defines it for TDX). Every name says "opencvm simulated": a verifier configured with this root must report
 * that nothing here proves real hardware. Keys are derived from fixed labels, so the root is the same in every
 * run and can be configured once.
 */
public final class SimulatedTdxPki {

    public static final String ORGANIZATION = "opencvm simulator (not Intel)";
    public static final String ROOT_COMMON_NAME = "opencvm simulated TDX root CA";
    public static final String PLATFORM_CA_COMMON_NAME = "opencvm simulated PCK Platform CA";
    public static final String PCK_COMMON_NAME = "opencvm simulated PCK Certificate";

    /** Intel's SGX extensions OID and its children (PPID, TCB, PCE-ID, FMSPC, SGX type). */
    public static final ASN1ObjectIdentifier SGX_EXTENSIONS = new ASN1ObjectIdentifier("1.2.840.113741.1.13.1");
    /** FMSPC of the simulated platform family (the first six bytes of a Sapphire Rapids-like value). */
    public static final byte[] FMSPC = HexFormat.of().parseHex("00806f050000");
    /** The simulated platform's TCB component SVNs (also its CPUSVN) and PCE SVN. */
    public static final byte[] CPU_SVN = HexFormat.of().parseHex("04040202030100050000000000000000");
    public static final int PCE_SVN = 13;

    private static final X500Name ROOT_NAME = Names.of(ORGANIZATION, ROOT_COMMON_NAME);
    private static final X500Name PLATFORM_NAME = Names.of(ORGANIZATION, PLATFORM_CA_COMMON_NAME);
    private static final P256Key ROOT_KEY = P256Key.derive("opencvm-sim/tdx-root-ca/v1");
    private static final P256Key PLATFORM_KEY = P256Key.derive("opencvm-sim/tdx-pck-platform-ca/v1");
    private static final byte[] ROOT_DER = CertificateBuilder.forKey(ROOT_NAME, ROOT_KEY)
            .validity(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2049-12-31T23:59:59Z"))
            .ca(1).keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign).keyIdentifiers()
            .signWith(ROOT_KEY);
    private static final byte[] PLATFORM_DER = CertificateBuilder.forKey(PLATFORM_NAME, PLATFORM_KEY)
            .issuer(ROOT_NAME)
            .validity(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2039-12-31T23:59:59Z"))
            .ca(0).keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign).keyIdentifiers()
            .signWith(ROOT_KEY);

    /** Validity of every simulated PCK leaf; Intel issues PCK certificates for seven years. */
    public static final Instant PCK_NOT_BEFORE = Instant.parse("2025-01-01T00:00:00Z");
    public static final Instant PCK_NOT_AFTER = Instant.parse("2032-01-01T00:00:00Z");

    private SimulatedTdxPki() {
    }

    /** The root a verifier must be configured with to accept simulated quotes. */
    public static String rootCertificatePem() {
        return Pem.certificate(ROOT_DER);
    }

    public static byte[] rootCertificateDer() {
        return ROOT_DER.clone();
    }

    /** The PCK leaf and key of the platform with this 16-byte PPID. */
    public static PckCertificate pck(byte[] ppid) {
        if (ppid.length != 16) {
            throw new IllegalArgumentException("a PPID is 16 bytes, got " + ppid.length);
        }
        P256Key key = P256Key.derive("opencvm-sim/pck/" + HexFormat.of().formatHex(ppid));
        byte[] der = CertificateBuilder.forKey(Names.of(ORGANIZATION, PCK_COMMON_NAME), key)
                .issuer(PLATFORM_NAME)
                .validity(PCK_NOT_BEFORE, PCK_NOT_AFTER)
                .endEntity().keyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation).keyIdentifiers()
                .extension(SGX_EXTENSIONS, false, sgxExtensions(ppid))
                .signWith(PLATFORM_KEY);
        String chain = Pem.certificate(der) + Pem.certificate(PLATFORM_DER) + Pem.certificate(ROOT_DER);
        return new PckCertificate(key, der, chain);
    }

    /** Intel's layout: a sequence of (OID, value) pairs; the TCB entry is itself such a sequence. */
    private static DERSequence sgxExtensions(byte[] ppid) {
        ASN1EncodableVector tcb = new ASN1EncodableVector();
        for (int i = 0; i < 16; i++) {
            tcb.add(pair(child("2." + (i + 1)), new ASN1Integer(CPU_SVN[i] & 0xff)));
        }
        tcb.add(pair(child("2.17"), new ASN1Integer(PCE_SVN)));
        tcb.add(pair(child("2.18"), new DEROctetString(CPU_SVN)));
        ASN1EncodableVector all = new ASN1EncodableVector();
        all.add(pair(child("1"), new DEROctetString(ppid)));
        all.add(pair(child("2"), new DERSequence(tcb)));
        all.add(pair(child("3"), new DEROctetString(new byte[2])));
        all.add(pair(child("4"), new DEROctetString(FMSPC)));
        all.add(pair(child("5"), new ASN1Enumerated(0)));
        return new DERSequence(all);
    }

    private static ASN1ObjectIdentifier child(String suffix) {
        return SGX_EXTENSIONS.branch(suffix);
    }

    private static DERSequence pair(ASN1ObjectIdentifier oid, ASN1Encodable value) {
        return new DERSequence(new ASN1Encodable[] {oid, value});
    }

    /**
     * One platform's PCK leaf.
     *
     * @param chainPem leaf, platform CA and root, as certification data type 5 of a quote carries them
     */
    public record PckCertificate(P256Key key, byte[] der, String chainPem) {
    }
}
