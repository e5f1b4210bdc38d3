package io.opencvm.vmmsim.pki;

import io.opencvm.vmmsim.crypto.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;

/**
 * A P-256 key of the simulated PKI: derived from a label (stable across runs, so a configured root stays valid),
 * from a given scalar, or random. Signatures are ECDSA with SHA-256 and RFC 6979 nonces, so equal inputs give
 * equal certificates.
 */
public final class P256Key {

    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256r1");
    private static final ECDomainParameters DOMAIN =
            new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), CURVE.getN(), CURVE.getH());
    /** DER of SubjectPublicKeyInfo{id-ecPublicKey, prime256v1} up to the 65-byte uncompressed point. */
    private static final byte[] SPKI_PREFIX =
            HexFormat.of().parseHex("3059301306072a8648ce3d020106082a8648ce3d030107034200");

    private final BigInteger scalar;
    private final byte[] point;

    private P256Key(BigInteger scalar) {
        this.scalar = scalar;
        this.point = CURVE.getG().multiply(scalar).normalize().getEncoded(false);
    }

    /** The same label always gives the same key. Never for real secrets: the label is the key. */
    public static P256Key derive(String label) {
        BigInteger n = CURVE.getN();
        return new P256Key(new BigInteger(1, Sha256.hash(label)).mod(n.subtract(BigInteger.ONE)).add(BigInteger.ONE));
    }

    public static P256Key fromScalar(byte[] scalar) {
        return new P256Key(new BigInteger(1, scalar));
    }

    public static P256Key random(SecureRandom random) {
        BigInteger n = CURVE.getN();
        BigInteger d;
        do {
            d = new BigInteger(n.bitLength(), random);
        } while (d.signum() == 0 || d.compareTo(n) >= 0);
        return new P256Key(d);
    }

    /** The uncompressed SEC1 point {@code 04 ‖ x ‖ y} (65 bytes). */
    public byte[] publicPoint() {
        return point.clone();
    }

    /** {@code x ‖ y} (64 bytes): how a TDX quote carries its attestation key. */
    public byte[] rawPublicKey() {
        return Arrays.copyOfRange(point, 1, 65);
    }

    /** DER SubjectPublicKeyInfo, the bytes RA-TLS report data binds. */
    public byte[] spki() {
        byte[] out = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + point.length);
        System.arraycopy(point, 0, out, SPKI_PREFIX.length, point.length);
        return out;
    }

    /** ECDSA-SHA256 over {@code message} as {@code r ‖ s} (64 bytes), the form inside a TDX quote. */
    public byte[] signRaw(byte[] message) {
        BigInteger[] rs = sign(message);
        byte[] out = new byte[64];
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, rs[0]), 0, out, 0, 32);
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, rs[1]), 0, out, 32, 32);
        return out;
    }

    /** ECDSA-SHA256 over {@code message} as DER {@code SEQUENCE {r, s}}, the form in X.509 and in CSRs. */
    public byte[] signDer(byte[] message) {
        BigInteger[] rs = sign(message);
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(rs[0]));
        v.add(new ASN1Integer(rs[1]));
        try {
            return new DERSequence(v).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private BigInteger[] sign(byte[] message) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(scalar, DOMAIN));
        return signer.generateSignature(Sha256.hash(message));
    }
}
