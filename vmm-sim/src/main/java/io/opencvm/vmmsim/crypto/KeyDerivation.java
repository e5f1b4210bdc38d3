package io.opencvm.vmmsim.crypto;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;

/**
 * dstack's {@code ra-tls/src/kdf.rs}: HKDF-SHA256 with salt {@code "RATLS"}, P-256 child keys, and
 * {@code derive_dh_secret} = SHA-256 over the child key's 138-byte PKCS#8 DER (which embeds the public key).
 */
public final class KeyDerivation {

    private static final byte[] SALT = "RATLS".getBytes(StandardCharsets.US_ASCII);
    private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
    /** PKCS#8 header for an EC P-256 key up to the private scalar (ECPrivateKey without parameters). */
    private static final byte[] PKCS8_HEAD = HexFormat.of().parseHex(
            "308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420");
    /** {@code [1]} tag, BIT STRING of 66 bytes with no unused bits, then the uncompressed point. */
    private static final byte[] PKCS8_PUB = HexFormat.of().parseHex("a144034200");

    private KeyDerivation() {
    }

    /** {@code derive_key(ikm, parts, len)}; info is the plain concatenation of the parts. */
    public static byte[] deriveKey(byte[] ikm, List<byte[]> parts, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SALT, "HmacSHA256"));
            byte[] prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            ByteArrayOutputStream okm = new ByteArrayOutputStream();
            byte[] previous = new byte[0];
            for (int counter = 1; okm.size() < length; counter++) {
                mac.update(previous);
                parts.forEach(mac::update);
                mac.update((byte) counter);
                previous = mac.doFinal();
                okm.writeBytes(previous);
            }
            return Arrays.copyOf(okm.toByteArray(), length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code derive_p256_key_pair(root, parts)}: the 32-byte big-endian private scalar of the child key. */
    public static byte[] deriveP256Scalar(byte[] rootScalar, List<byte[]> parts) {
        return deriveKey(rootScalar, parts, 32);
    }

    /** {@code derive_dh_secret(root, parts)}. */
    public static byte[] deriveDhSecret(byte[] rootScalar, List<byte[]> parts) {
        return Sha256.hash(p256Pkcs8(deriveP256Scalar(rootScalar, parts)));
    }

    /** The canonical 138-byte PKCS#8 DER of a P-256 private key, including its public key. */
    public static byte[] p256Pkcs8(byte[] scalar) {
        ByteArrayOutputStream der = new ByteArrayOutputStream(138);
        der.writeBytes(PKCS8_HEAD);
        der.writeBytes(scalar);
        der.writeBytes(PKCS8_PUB);
        der.writeBytes(p256PublicKey(scalar));
        return der.toByteArray();
    }

    /** Uncompressed SEC1 public point (65 bytes) of a P-256 scalar. */
    public static byte[] p256PublicKey(byte[] scalar) {
        return P256.getG().multiply(new BigInteger(1, scalar)).normalize().getEncoded(false);
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
