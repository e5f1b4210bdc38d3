package io.opencvm.vmmsim.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * secp256k1 signatures as the KMS writes them: {@code r ‖ s ‖ recid} (65 bytes, recid 0 or 1, never 27/28),
 * over a Keccak-256 digest, deterministic (RFC 6979) and low-s, as Rust's k256 produces them.
 */
public final class RecoverableSigner {

    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters DOMAIN =
            new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), CURVE.getN(), CURVE.getH());
    private static final BigInteger HALF_N = CURVE.getN().shiftRight(1);

    private final BigInteger secret;
    private final byte[] publicKey;

    public RecoverableSigner(byte[] secret) {
        this.secret = new BigInteger(1, secret);
        this.publicKey = CURVE.getG().multiply(this.secret).normalize().getEncoded(true);
    }

    /** Signs Keccak-256({@code message}). */
    public byte[] sign(byte[] message) {
        byte[] digest = Keccak256.hash(message);
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(secret, DOMAIN));
        BigInteger[] rs = signer.generateSignature(digest);
        BigInteger s = rs[1].compareTo(HALF_N) > 0 ? CURVE.getN().subtract(rs[1]) : rs[1];
        byte[] out = new byte[65];
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, rs[0]), 0, out, 0, 32);
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, s), 0, out, 32, 32);
        for (byte recId = 0; recId < 2; recId++) {
            out[64] = recId;
            if (Arrays.equals(recoverDigest(digest, out), publicKey)) {
                return out;
            }
        }
        throw new IllegalStateException("no recovery id reproduces the signing key");
    }

    /** The compressed SEC1 public key (33 bytes), as {@code GetMeta.k256_pubkey}. */
    public byte[] compressedPublicKey() {
        return publicKey.clone();
    }

    /** Recovers the compressed signer key of a 65-byte signature over Keccak-256({@code message}). */
    public static byte[] recover(byte[] message, byte[] signature) {
        return recoverDigest(Keccak256.hash(message), signature);
    }

    private static byte[] recoverDigest(byte[] digest, byte[] signature) {
        if (signature.length != 65) {
            throw new IllegalArgumentException("signature must be 65 bytes");
        }
        int recId = signature[64] >= 27 ? signature[64] - 27 : signature[64];
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        BigInteger n = CURVE.getN();
        byte[] encodedR = new byte[33];
        encodedR[0] = (byte) ((recId & 1) == 0 ? 0x02 : 0x03);
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, r), 0, encodedR, 1, 32);
        ECPoint bigR = CURVE.getCurve().decodePoint(encodedR);
        BigInteger rInv = r.modInverse(n);
        BigInteger e = new BigInteger(1, digest);
        BigInteger u1 = n.subtract(e).multiply(rInv).mod(n);
        BigInteger u2 = s.multiply(rInv).mod(n);
        ECPoint q = ECAlgorithms.sumOfTwoMultiplies(CURVE.getG(), u1, bigR, u2).normalize();
        return q.getEncoded(true);
    }
}
